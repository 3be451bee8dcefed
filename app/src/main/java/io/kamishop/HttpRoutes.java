package io.kamishop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.account.AccountRoutes;
import io.kamishop.account.BalancePayments;
import io.kamishop.account.BuyerAccounts;
import io.kamishop.admin.AdminModule;
import io.kamishop.admin.AdminTokens;
import io.kamishop.admin.SettingsRoutes;
import io.kamishop.affiliate.AffiliateRoutes;
import io.kamishop.affiliate.Commissions;
import io.kamishop.api.KeyFormat;
import io.kamishop.archive.OrderArchive;
import io.kamishop.audit.AuditLog;
import io.kamishop.audit.AuditRoutes;
import io.kamishop.challenge.ChallengeRoutes;
import io.kamishop.challenge.ProofOfWork;
import io.kamishop.checkout.CheckoutRoutes;
import io.kamishop.cluster.Cluster;
import io.kamishop.config.AppConfig;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryRoutes;
import io.kamishop.download.DownloadLinks;
import io.kamishop.download.DownloadRoutes;
import io.kamishop.flags.FlagRoutes;
import io.kamishop.flags.Flags;
import io.kamishop.image.ImageRoutes;
import io.kamishop.inventory.CatalogRoutes;
import io.kamishop.inventory.FileRoutes;
import io.kamishop.inventory.InventoryRoutes;
import io.kamishop.inventory.KeyFormatRoutes;
import io.kamishop.inventory.ProductFiles;
import io.kamishop.inventory.UnsoldKeys;
import io.kamishop.ledger.Ledger;
import io.kamishop.ledger.LedgerRoutes;
import io.kamishop.lookup.LookupRoutes;
import io.kamishop.mail.MailOutbox;
import io.kamishop.mail.MailRoutes;
import io.kamishop.mail.MailSettings;
import io.kamishop.metrics.MetricsRoutes;
import io.kamishop.metrics.StoreMetrics;
import io.kamishop.notice.NoticeOutbox;
import io.kamishop.notice.NoticeRoutes;
import io.kamishop.observability.RequestIds;
import io.kamishop.observability.RequestTracing;
import io.kamishop.order.OrderAdminRoutes;
import io.kamishop.payment.NotificationService;
import io.kamishop.payment.PaymentRoutes;
import io.kamishop.plugin.PluginHost;
import io.kamishop.plugin.PluginRoutes;
import io.kamishop.pricing.CouponService;
import io.kamishop.pricing.PricingRoutes;
import io.kamishop.refund.RefundRoutes;
import io.kamishop.refund.RefundService;
import io.kamishop.reseller.ResellerEarnings;
import io.kamishop.reseller.ResellerRoutes;
import io.kamishop.reseller.Resellers;
import io.kamishop.risk.Risk;
import io.kamishop.storefront.Storefront;
import io.kamishop.storefront.StorefrontRoutes;
import io.kamishop.telegram.TelegramBot;
import io.kamishop.telegram.TelegramRoutes;
import io.kamishop.tls.Listeners;
import io.kamishop.web.ApiDocs;
import io.kamishop.web.DeclaredRoutes;
import io.kamishop.web.ErrorMapping;
import io.kamishop.web.PublicPageCache;
import io.kamishop.web.RequestCharset;
import io.kamishop.web.SecurityHeaders;
import io.kamishop.web.StoreAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every route of the store, each feature's as one group, declared inside {@code Javalin.create} (see {@link
 * Kamishop}) by {@link #declare} in the order Javalin tries them; the services they call are built before and come
 * in here.
 */
record HttpRoutes(
        AppConfig config,
        Clock clock,
        ObjectMapper mapper,
        Database database,
        io.kamishop.storefront.ThemeSettings themes,
        Listeners listeners,
        Cluster cluster,
        StorefrontRoutes.Shop shop,
        PublicPageCache shopWindow,
        io.kamishop.reseller.SubStoreDesk subStores,
        ProofOfWork proofs,
        PluginHost plugins,
        StoreMetrics metrics,
        OrderArchive archive,
        NotificationService notifications,
        BuyerAccounts buyerAccounts,
        Ledger ledger,
        BalancePayments balancePayments,
        Resellers resellers,
        ResellerEarnings resellerEarnings,
        Commissions commissions,
        CouponService coupons,
        ProductFiles productFiles,
        DownloadLinks downloadLinks,
        UnsoldKeys unsold,
        RefundService refunds,
        Flags flags,
        TelegramBot telegram,
        AdminModule admin,
        AdminTokens adminTokens,
        Risk risk,
        MailSettings mailSettings,
        MailOutbox mailOutbox,
        NoticeOutbox notices,
        AuditLog audit,
        DeclaredRoutes declared) {

    /** Declares every filter and route on {@code routes}: the filters first, then the buyer's, then the admin's. */
    void declare(JavalinDefaultRoutingApi<?> routes) {
        filters(routes);
        // The buyer-facing routes first: Javalin tries a request's routes in the order they were
        // registered, twice per request (to match and for before-matched handlers), and with some 200
        // admin routes ahead of them that matching was a quarter of a cached product page's CPU.
        // No pattern here overlaps one registered later, so the order changes no route's meaning.
        buyerDoors(routes);
        adminDoors(routes);
        routes.get("/api/openapi.json", ctx -> ctx.json(ApiDocs.openApi(declared.httpRoutes(), Kamishop.version())));
        risk.registerRoutes(routes);
    }

    /** What every request passes: the store's address, HTTPS, request ids, tracing, headers, errors, health. */
    private void filters(JavalinDefaultRoutingApi<?> routes) {
        routes.before(ctx -> {
            StoreAddress.enterRequest(shop.clients().scheme(ctx), shop.clients().host(ctx));
            // Behind a TLS-terminating proxy the connector is plain http, so Jetty's own HSTS is not sent.
            if (!ctx.req().isSecure() && "https".equals(shop.clients().scheme(ctx))) {
                ctx.header("Strict-Transport-Security", "max-age=" + Listeners.HSTS_SECONDS);
            }
        });
        routes.after(ctx -> StoreAddress.leaveRequest());
        listeners.register(routes);
        RequestIds.register(routes);
        RequestTracing.register(routes);
        // A human-check plugin's widget (Turnstile, hCaptcha, Geetest) loads from its vendor: only that origin is
        // added.
        SecurityHeaders.register(
                routes,
                () -> shop.humans().active().map(a -> a.widget().origins()).orElse(List.of()));
        ErrorMapping.register(routes);
        RequestCharset.register(routes);
        routes.get("/healthz", ctx -> {
            boolean up = database.isReachable();
            // Degraded: it reads but refuses writes (disk full, read-only); orders and payments get 503.
            String status = !up ? "unavailable" : database.storageDegraded() ? "degraded" : "ok";
            ctx.status(status.equals("ok") ? 200 : 503).json(Map.of("status", status));
        });
    }

    /** The storefront, the buyer's API, the payment pages and the buyer accounts, resellers and affiliates. */
    private void buyerDoors(JavalinDefaultRoutingApi<?> routes) {
        StorefrontRoutes.Accounts accounts = shop.accounts();
        Storefront.register(routes, themes, mapper, shop, shopWindow, subStores);
        CatalogRoutes.register(routes, mapper, shop.catalog(), shop.inventory(), shopWindow);
        CheckoutRoutes.register(
                routes,
                mapper,
                shop.placing(),
                shop.buyerOrders(),
                shop.payments(),
                shop.switching(),
                shop.delivery(),
                shop.clients());
        // Registered after the pages and API a buyer uses most (see the note on the order above).
        ChallengeRoutes.register(routes, proofs, shop.clients());
        // A human check's glue script (Geetest's) is served from our origin: the policy's 'self' covers it.
        io.kamishop.plugin.PluginAssetRoutes.register(routes, plugins);
        ImageRoutes.register(routes, shop.images());
        io.kamishop.archive.ArchiveRoutes.register(routes, archive);
        // The cashier pages a channel serves speak the language the storefront chose for this buyer.
        io.kamishop.storefront.BuyerLanguages languages = new io.kamishop.storefront.BuyerLanguages(shop.settings());
        PaymentRoutes.register(
                routes,
                notifications,
                shop.channels(),
                shop.clients(),
                metrics,
                ctx -> languages.localeOf(
                        ctx.cookie(io.kamishop.storefront.BuyerLanguages.COOKIE), ctx.header("Accept-Language")));
        LookupRoutes.register(routes, mapper, shop.lookup(), shop.delivery(), shop.clients());
        AccountRoutes.register(
                routes,
                mapper,
                accounts.signIn(),
                accounts.credit(),
                accounts.orders(),
                buyerAccounts,
                accounts.attempts(),
                shop.placing(),
                shop.delivery(),
                shop.clients());
        ResellerRoutes.register(
                routes,
                mapper,
                resellers,
                resellerEarnings,
                ledger,
                shop.catalog(),
                shop.placing(),
                balancePayments,
                accounts.signIn(),
                shop.clients(),
                shop.pricing(),
                shop.channels());
        AffiliateRoutes.register(
                routes,
                mapper,
                affiliatePart(accounts.affiliates()),
                commissions,
                affiliatePart(accounts.withdrawals()),
                affiliatePart(accounts.affiliateReports()),
                accounts.signIn(),
                shop.clients());
        LedgerRoutes.register(routes, ledger);
    }

    /** The admin pages and the admin API. */
    private void adminDoors(JavalinDefaultRoutingApi<?> routes) {
        admin.register(
                routes,
                mapper,
                shop.catalog(),
                shop.inventory(),
                unsold,
                shop.orders(),
                notifications,
                risk,
                mailOutbox,
                shop.delivery(),
                refunds);
        admin.registerNodes(routes, cluster.nodes(), archive);
        admin.registerArchive(routes, archive);
        TelegramRoutes.register(routes, mapper, telegram);
        FlagRoutes.register(routes, mapper, flags);
        admin.registerChannelTerms(routes, shop.channels());
        admin.registerFlags(routes, mapper, flags, shop.channels());
        admin.registerPayments(
                routes,
                new io.kamishop.payment.PaymentChannelStatus(
                        plugins, notifications.refusals(), config.publicUrl(), clock));
        admin.registerPricing(routes, shop.catalog(), shop.pricing(), coupons);
        admin.registerResellers(
                routes,
                status -> resellers.list(status, 0, 100).stream()
                        .map(r -> ResellerRoutes.view(r, resellers, resellerEarnings, ledger, false))
                        .toList(),
                (id, action, by) -> ResellerRoutes.view(
                        resellers.decide(id, action, by), resellers, resellerEarnings, ledger, false),
                resellers::approveHost);
        admin.registerAffiliates(routes, affiliateDesk());
        io.kamishop.cluster.NodeRoutes.register(routes, cluster.nodes());
        InventoryRoutes.register(routes, shop.catalog(), shop.inventory());
        FileRoutes.register(routes, shop.catalog(), productFiles);
        DeliveryRoutes.register(routes, mapper, shop.delivery());
        DownloadRoutes.register(
                routes,
                shop.orders(),
                shop.buyerOrders(),
                shop.delivery(),
                productFiles,
                downloadLinks,
                shop.clients());
        OrderAdminRoutes.register(
                routes,
                shop.orders(),
                notifications::forOrder,
                orderId -> Map.of(
                        "payments",
                                refunds.payments(orderId).stream()
                                        .map(RefundRoutes::view)
                                        .toList(),
                        "refunds",
                                refunds.forOrder(orderId).stream()
                                        .map(RefundRoutes::view)
                                        .toList()));
        io.kamishop.order.OrderExportRoutes.register(
                routes, new io.kamishop.order.OrderExport(database), shop.settings()::zone);
        MetricsRoutes.register(
                routes, metrics, presented -> adminTokens.verify(presented).isPresent(), config);
        PluginRoutes.register(routes, mapper, plugins);
        SettingsRoutes.register(routes, mapper, shop.settings());
        AuditRoutes.register(routes, audit);
        PricingRoutes.register(
                routes, mapper, shop.catalog(), shop.pricing(), coupons, shop.channels(), shop.clients());
        MailRoutes.register(routes, mapper, mailSettings, mailOutbox);
        NoticeRoutes.register(routes, notices, plugins);
        RefundRoutes.register(routes, mapper, refunds);
        KeyFormatRoutes.register(
                routes,
                mapper,
                shop.catalog(),
                shop.inventory(),
                () -> plugins.extensions(KeyFormat.class),
                (productId, key) -> shop.inventory()
                        .orderOfSoldKey(productId, key)
                        .map(orderId -> shop.orders().statusOf(orderId) == io.kamishop.order.OrderStatus.REFUNDED)
                        .orElse(false));
    }

    /**
     * One of the affiliate services the buyer accounts may go without (a store assembled without affiliates has no
     * referral panel); the store itself always assembles them, and its affiliate routes need them.
     */
    private static <T> T affiliatePart(@Nullable T part) {
        return java.util.Objects.requireNonNull(part, "the store assembles the affiliate services");
    }

    /** The affiliates' use cases as the admin's pages call them (the admin does not depend on the affiliate feature). */
    private io.kamishop.admin.AffiliatePages.Desk affiliateDesk() {
        io.kamishop.affiliate.AffiliateReports affiliateReports =
                affiliatePart(shop.accounts().affiliateReports());
        io.kamishop.affiliate.Withdrawals withdrawals =
                affiliatePart(shop.accounts().withdrawals());
        StoreAddress address = shop.address();
        return new io.kamishop.admin.AffiliatePages.Desk() {
            @Override
            public List<Map<String, Object>> affiliates(long before) {
                return affiliateReports.affiliates(before, 100).stream()
                        .map(a -> affiliateReports.view(
                                a, address.base().toString().replaceAll("/+$", "")))
                        .toList();
            }

            @Override
            public List<Map<String, Object>> withdrawals(String status, long before) {
                return withdrawals.list(status, 0, before, 100).stream()
                        .map(AffiliateRoutes::view)
                        .toList();
            }

            @Override
            public Map<String, Object> approve(long id, String by, String payoutRecord) {
                return AffiliateRoutes.view(withdrawals.approve(id, by, payoutRecord));
            }

            @Override
            public Map<String, Object> reject(long id, String by) {
                return AffiliateRoutes.view(withdrawals.reject(id, by));
            }

            @Override
            public List<Map<String, Object>> journal(
                    String owner, String kind, String currency, long before, int limit) {
                return ledger.journal(owner, kind, currency, before, limit).stream()
                        .map(e -> {
                            Map<String, Object> line = new java.util.LinkedHashMap<>();
                            line.put("id", e.id());
                            line.put("reference", e.reference());
                            line.put("kind", e.kind());
                            line.put("accountKind", e.accountKind());
                            line.put("owner", e.owner());
                            line.put("currency", e.currency());
                            line.put("amount", e.amount());
                            line.put("memo", e.memo());
                            line.put("createdAt", e.createdAt());
                            return line;
                        })
                        .toList();
            }
        };
    }
}
