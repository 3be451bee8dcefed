package io.kamishop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
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
            Javalin app,
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
        AdminAuth.register(app, tokens, sessions);
        AdminApi.register(app, mapper, users, audit, clients);
        StoreWarnings warnings = new StoreWarnings(plugins, mailSettings);
        app.get("/api/admin/warnings", ctx -> ctx.json(warnings.current()));
        AdminWeb web = new AdminWeb(
                new AdminViews(settings::zone), sessions, users, throttle, audit, tokens, clients, settings, warnings);
        this.web = web;
        web.register(app);
        DashboardPage.register(
                app,
                web,
                new SalesReport(database, clock, settings::zone),
                catalog,
                inventory,
                risk,
                notifications.refusals());
        RefusedNotificationPage.register(app, web, notifications.refusals());
        ReportPages.register(app, web, new SalesFigures(database, settings::zone), clock);
        java.util.Objects.requireNonNull(images, "offerImages before register");
        ProductPages.register(app, web, catalog, inventory, unsold, images);
        ImagePages.register(app, web, catalog, images);
        KeyPages.register(app, web, catalog, inventory);
        OrderPages.register(
                app, web, orders, new OrderSearch(database), notifications, database, risk, mail, delivery, refunds);
        RefundPages.register(app, web, refunds);
        if (buyers != null) {
            BuyerPages.register(app, web, buyers, credit);
        }
        MailSettingsPage.register(app, web, mailSettings, mail);
        if (telegramView != null) {
            TelegramSettingsPage.register(app, web, telegramView, telegramStore);
        }
        PluginPages.register(app, web, plugins);
        AccountPages.register(app, web, settings, audit, users, tokens);
    }

    /** The channel fees and limits section of the settings ({@code /admin/settings/channels}); after {@link #register}. */
    public void registerChannelTerms(
            Javalin app, StoreSettings settings, io.kamishop.payment.ChannelRegistry channels) {
        ChannelTermsPage.register(app, web, settings, channels);
    }

    /** The payments page and its API ({@code /admin/payments}, {@code /api/admin/payments}); after {@link #register}. */
    public void registerPayments(Javalin app, io.kamishop.payment.PaymentChannelStatus status) {
        PaymentPages.register(app, web, status);
    }

    /** The feature flags page ({@code /admin/flags}); after {@link #register}. */
    public void registerFlags(
            Javalin app,
            com.fasterxml.jackson.databind.ObjectMapper mapper,
            io.kamishop.flags.Flags flags,
            io.kamishop.payment.ChannelRegistry channels) {
        FlagsPage.register(app, web, mapper, flags, channels);
    }

    /** Coupons, tiers and limits pages; after {@link #register}. */
    public void registerPricing(
            Javalin app,
            CatalogService catalog,
            io.kamishop.pricing.PricingService pricing,
            io.kamishop.pricing.CouponService coupons) {
        PricingPages.register(app, web, catalog, pricing, coupons);
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
            Javalin app,
            java.util.function.Function<String, java.util.List<Map<String, Object>>> list,
            ResellerPages.Decide decide,
            ResellerPages.SetHost setHost) {
        ResellerPages.register(app, web, list, decide, setHost);
    }

    /**
     * The affiliates, ledger and withdrawals pages ({@code /admin/affiliates}, {@code /admin/ledger},
     * {@code /admin/withdrawals}); after {@link #register}. The use cases come in as a desk so the admin does not
     * depend on the affiliate feature.
     */
    public void registerAffiliates(Javalin app, AffiliatePages.Desk desk) {
        AffiliatePages.register(app, web, desk);
    }

    /** The nodes page ({@code /admin/nodes}); after {@link #register}. */
    public void registerNodes(Javalin app, io.kamishop.cluster.Nodes nodes, io.kamishop.archive.OrderArchive archive) {
        NodesPage.register(app, web, nodes, archive);
    }

    /** The archived orders' page ({@code /admin/archive}): search, and restore from cold storage; after {@link #register}. */
    public void registerArchive(Javalin app, io.kamishop.archive.OrderArchive archive) {
        ArchivePage.register(app, web, archive);
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
