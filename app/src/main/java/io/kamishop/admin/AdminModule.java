package io.kamishop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.audit.AuditLog;
import io.kamishop.catalog.CatalogService;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.KeyedHash;
import io.kamishop.crypto.PasswordHasher;
import io.kamishop.crypto.SecretBox;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.UnsoldKeys;
import io.kamishop.mail.MailOutbox;
import io.kamishop.mail.MailSettings;
import io.kamishop.order.OrderSearch;
import io.kamishop.order.OrderService;
import io.kamishop.payment.NotificationService;
import io.kamishop.plugin.PluginHost;
import io.kamishop.risk.Risk;
import io.kamishop.web.ClientAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the web admin is made of, built in one place so the composition root only calls
 * {@link #create} and {@link #register}.
 */
public final class AdminModule {

    private final AdminUsers users;
    private final AdminSessions sessions;
    private final AdminAudit audit;
    private final LoginThrottle throttle;
    private final Database database;
    private final Clock clock;
    private AdminWeb web;
    private io.kamishop.image.Images images;
    private Supplier<Map<String, Object>> telegramView;
    private Consumer<Map<String, String>> telegramStore;
    private io.kamishop.account.BuyerAccounts buyers;
    private io.kamishop.account.StoreCredit credit;

    private AdminModule(
            AdminUsers users,
            AdminSessions sessions,
            AdminAudit audit,
            LoginThrottle throttle,
            Database database,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.throttle = throttle;
        this.database = database;
        this.clock = clock;
    }

    /**
     * @param hash keyed hash for session ids, CSRF tokens, recovery and setup codes
     * @param box  seals TOTP secrets (associated data names the user, so a sealed secret is useless elsewhere)
     */
    public static AdminModule create(Database database, KeyedHash hash, SecretBox box, AuditLog auditLog, Clock clock) {
        AdminUsers users = new AdminUsers(database, new PasswordHasher(), hash, box, clock);
        return new AdminModule(
                users,
                new AdminSessions(database, hash, users, clock),
                new AdminAudit(auditLog),
                new LoginThrottle(database, clock, LoginThrottle.DEFAULT_LIMIT),
                database,
                clock);
    }

    /** Guards the admin API (tokens and sessions) and serves the admin pages. */
    public void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            AdminTokens tokens,
            ClientAddress clients,
            StoreSettings settings,
            CatalogService catalog,
            InventoryService inventory,
            UnsoldKeys unsold,
            OrderService orders,
            NotificationService notifications,
            PluginHost plugins,
            Risk risk,
            MailOutbox mail,
            MailSettings mailSettings,
            DeliveryService delivery,
            io.kamishop.refund.RefundService refunds) {
        AdminAuth.register(routes, tokens, sessions);
        AdminApi.register(routes, mapper, users, audit, clients);
        StoreWarnings warnings = new StoreWarnings(plugins, mailSettings);
        routes.get("/api/admin/warnings", ctx -> ctx.json(warnings.current()));
        AdminWeb web = new AdminWeb(
                new AdminViews(settings::zone), sessions, users, throttle, audit, tokens, clients, settings, warnings);
        this.web = web;
        web.register(routes);
        DashboardPage.register(
                routes,
                web,
                new SalesReport(database, clock, settings::zone),
                catalog,
                inventory,
                risk,
                notifications.refusals());
        RefusedNotificationPage.register(routes, web, notifications.refusals());
        ReportPages.register(routes, web, new SalesFigures(database, settings::zone), clock);
        java.util.Objects.requireNonNull(images, "offerImages before register");
        ProductPages.register(routes, web, catalog, inventory, unsold, images);
        ImagePages.register(routes, web, catalog, images);
        KeyPages.register(routes, web, catalog, inventory);
        OrderPages.register(
                routes, web, orders, new OrderSearch(database), notifications, database, risk, mail, delivery, refunds);
        RefundPages.register(routes, web, refunds);
        if (buyers != null) {
            BuyerPages.register(routes, web, buyers, credit);
        }
        MailSettingsPage.register(routes, web, mailSettings, mail);
        if (telegramView != null) {
            TelegramSettingsPage.register(routes, web, telegramView, telegramStore);
        }
        PluginPages.register(routes, web, plugins);
        AccountPages.register(routes, web, settings, audit, users, tokens);
    }

    /** The channel fees and limits section of the settings ({@code /admin/settings/channels}); after {@link #register}. */
    public void registerChannelTerms(
            JavalinDefaultRoutingApi<?> routes, StoreSettings settings, io.kamishop.payment.ChannelRegistry channels) {
        ChannelTermsPage.register(routes, web, settings, channels);
    }

    /** The payments page and its API ({@code /admin/payments}, {@code /api/admin/payments}); after {@link #register}. */
    public void registerPayments(JavalinDefaultRoutingApi<?> routes, io.kamishop.payment.PaymentChannelStatus status) {
        PaymentPages.register(routes, web, status);
    }

    /** The feature flags page ({@code /admin/flags}); after {@link #register}. */
    public void registerFlags(
            JavalinDefaultRoutingApi<?> routes,
            com.fasterxml.jackson.databind.ObjectMapper mapper,
            io.kamishop.flags.Flags flags,
            io.kamishop.payment.ChannelRegistry channels) {
        FlagsPage.register(routes, web, mapper, flags, channels);
    }

    /** Coupons, tiers and limits pages; after {@link #register}. */
    public void registerPricing(
            JavalinDefaultRoutingApi<?> routes,
            CatalogService catalog,
            io.kamishop.pricing.PricingService pricing,
            io.kamishop.pricing.CouponService coupons) {
        PricingPages.register(routes, web, catalog, pricing, coupons);
    }

    /** The store's images, for the product pages and the logo and icon settings; before {@link #register}. */
    public void offerImages(io.kamishop.image.Images images) {
        this.images = images;
    }

    /**
     * Offers the Telegram shop bot's settings page ({@code /admin/settings/telegram}); before {@link #register},
     * which registers it. Handed in as functions so the admin does not depend on the bot.
     */
    public void offerTelegramSettings(Supplier<Map<String, Object>> view, Consumer<Map<String, String>> store) {
        this.telegramView = view;
        this.telegramStore = store;
    }

    /** Offers the buyer accounts' pages ({@code /admin/buyers}: list, statement, credit grant); before {@link #register}. */
    public void offerBuyers(io.kamishop.account.BuyerAccounts buyers, io.kamishop.account.StoreCredit credit) {
        this.buyers = buyers;
        this.credit = credit;
    }

    /**
     * The resellers page ({@code /admin/resellers}); after {@link #register}. Handed in as functions so the admin
     * does not depend on the reseller feature: {@code list} by status ('' for all), {@code decide} the merchant's decision.
     */
    public void registerResellers(
            JavalinDefaultRoutingApi<?> routes,
            java.util.function.Function<String, java.util.List<Map<String, Object>>> list,
            ResellerPages.Decide decide,
            ResellerPages.SetHost setHost) {
        ResellerPages.register(routes, web, list, decide, setHost);
    }

    /**
     * The affiliates, ledger and withdrawals pages ({@code /admin/affiliates}, {@code /admin/ledger},
     * {@code /admin/withdrawals}); after {@link #register}. The use cases come in as a desk so the admin does not
     * depend on the affiliate feature.
     */
    public void registerAffiliates(JavalinDefaultRoutingApi<?> routes, AffiliatePages.Desk desk) {
        AffiliatePages.register(routes, web, desk);
    }

    /** The nodes page ({@code /admin/nodes}); after {@link #register}. */
    public void registerNodes(
            JavalinDefaultRoutingApi<?> routes,
            io.kamishop.cluster.Nodes nodes,
            io.kamishop.archive.OrderArchive archive) {
        NodesPage.register(routes, web, nodes, archive);
    }

    /** The archived orders' page ({@code /admin/archive}): search, and restore from cold storage; after {@link #register}. */
    public void registerArchive(JavalinDefaultRoutingApi<?> routes, io.kamishop.archive.OrderArchive archive) {
        ArchivePage.register(routes, web, archive);
    }

    /** While no admin exists: a fresh one-time setup code for the console, else empty. */
    public Optional<String> issueSetupCode() {
        return users.issueSetupCode();
    }

    public AdminUsers users() {
        return users;
    }

    public AdminAudit audit() {
        return audit;
    }
}
