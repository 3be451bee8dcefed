package io.kamishop.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.kamishop.api.SettingDefinition;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the web admin is made of, built in one place: the composition root calls {@link #create} with what
 * the admin needs, then declares its route groups ({@link #register} first: it guards the admin paths).
 */
public final class AdminModule {

    /**
     * The bot's settings as the admin sees them.
     *
     * @param schema the settings' declarations
     * @param view   the settings as {@code GET /api/admin/telegram} answers them
     * @param store  stores the values (a {@code Refusal} with field errors when invalid) and applies them
     */
    public record TelegramDesk(
            List<SettingDefinition> schema, Supplier<Map<String, Object>> view, Consumer<Map<String, String>> store) {}

    /**
     * The storefront's themes as the admin's theme page sees them: the theme API's use case, handed in so the admin
     * does not depend on the storefront.
     *
     * @param themes every theme, as {@code GET /api/admin/themes} answers them
     * @param view   one theme, as {@code GET /api/admin/themes/{name}} answers it ({@code Refusal} 404 when unknown)
     * @param schema the settings a theme declares, in the order of its view
     * @param store  changes a theme's settings as {@code PUT /api/admin/themes/{name}/settings} does ({@code Refusal}
     *               with field errors when a value is refused, and nothing stored)
     */
    public record ThemeDesk(
            Supplier<List<Map<String, Object>>> themes,
            java.util.function.Function<String, Map<String, Object>> view,
            java.util.function.Function<String, List<SettingDefinition>> schema,
            java.util.function.BiConsumer<String, Map<String, String>> store) {}

    private final AdminUsers users;
    private final AdminSessions sessions;
    private final AdminAudit audit;
    private final AdminTokens tokens;
    private final ClientAddress clients;
    private final StoreSettings settings;
    private final PluginHost plugins;
    private final MailSettings mailSettings;
    private final StoreWarnings warnings;
    private final AdminWeb web;
    private final Database database;
    private final Clock clock;
    private final io.kamishop.image.Images images;
    private final io.kamishop.account.BuyerAccounts buyers;
    private final io.kamishop.account.StoreCredit credit;
    private final TelegramDesk telegram;
    private final ThemeDesk themes;

    private AdminModule(
            AdminUsers users,
            AdminSessions sessions,
            AdminAudit audit,
            LoginThrottle throttle,
            AdminTokens tokens,
            ClientAddress clients,
            StoreSettings settings,
            PluginHost plugins,
            MailSettings mailSettings,
            Database database,
            Clock clock,
            io.kamishop.image.Images images,
            io.kamishop.account.BuyerAccounts buyers,
            io.kamishop.account.StoreCredit credit,
            TelegramDesk telegram,
            ThemeDesk themes) {
        this.users = users;
        this.sessions = sessions;
        this.audit = audit;
        this.tokens = tokens;
        this.clients = clients;
        this.settings = settings;
        this.plugins = plugins;
        this.mailSettings = mailSettings;
        this.warnings = new StoreWarnings(plugins, mailSettings);
        this.web = new AdminWeb(
                new AdminViews(settings::zone), sessions, users, throttle, audit, tokens, clients, settings, warnings);
        this.database = database;
        this.clock = clock;
        this.images = images;
        this.buyers = buyers;
        this.credit = credit;
        this.telegram = telegram;
        this.themes = themes;
    }

    /**
     * The admin, with what every page is drawn with and the parts of other features it shows. Those come in here
     * rather than by setters after the fact, so no route group depends on a call made before it.
     *
     * @param hash keyed hash for session ids, CSRF tokens, recovery and setup codes
     * @param box seals TOTP secrets (associated data names the user, so a sealed secret is useless elsewhere)
     * @param images the store's images, for the product pages and the logo and icon settings
     * @param buyers with {@code credit}, the buyer accounts' pages ({@code /admin/buyers}: list, statement, credit
     *     grant)
     * @param telegram the Telegram shop bot's settings page ({@code /admin/settings/telegram}): the settings' schema,
     *     view and store, handed in so the admin does not depend on the bot
     * @param themes the storefront's themes for the theme page ({@code /admin/settings/theme}), as the theme API sees
     *     and changes them
     */
    public static AdminModule create(
            Database database,
            KeyedHash hash,
            SecretBox box,
            AuditLog auditLog,
            AdminTokens tokens,
            ClientAddress clients,
            StoreSettings settings,
            PluginHost plugins,
            MailSettings mailSettings,
            io.kamishop.image.Images images,
            io.kamishop.account.BuyerAccounts buyers,
            io.kamishop.account.StoreCredit credit,
            TelegramDesk telegram,
            ThemeDesk themes,
            Clock clock) {
        AdminUsers users = new AdminUsers(database, new PasswordHasher(), hash, box, clock);
        return new AdminModule(
                users,
                new AdminSessions(database, hash, users, clock),
                new AdminAudit(auditLog),
                new LoginThrottle(database, clock, LoginThrottle.DEFAULT_LIMIT),
                tokens,
                clients,
                settings,
                plugins,
                mailSettings,
                database,
                clock,
                images,
                buyers,
                credit,
                telegram,
                themes);
    }

    /** Guards the admin API (tokens and sessions) and serves the admin pages. */
    public void register(
            JavalinDefaultRoutingApi<?> routes,
            ObjectMapper mapper,
            CatalogService catalog,
            InventoryService inventory,
            UnsoldKeys unsold,
            OrderService orders,
            NotificationService notifications,
            Risk risk,
            MailOutbox mail,
            DeliveryService delivery,
            io.kamishop.refund.RefundService refunds) {
        AdminAuth.register(routes, tokens, sessions);
        AdminApi.register(routes, mapper, users, audit, clients);
        routes.get("/api/admin/warnings", ctx -> ctx.json(warnings.current()));
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
        ProductPages.register(routes, web, catalog, inventory, unsold, images);
        ImagePages.register(routes, web, catalog, images);
        KeyPages.register(routes, web, catalog, inventory);
        OrderPages.register(
                routes, web, orders, new OrderSearch(database), notifications, database, risk, mail, delivery, refunds);
        RefundPages.register(routes, web, refunds);
        BuyerPages.register(routes, web, buyers, credit);
        MailSettingsPage.register(routes, web, mailSettings, mail);
        TelegramSettingsPage.register(routes, web, telegram);
        ThemePage.register(routes, web, settings, themes);
        PluginPages.register(routes, web, plugins);
        AccountPages.register(routes, web, settings, audit, users, tokens);
    }

    /** The channel fees and limits section of the settings ({@code /admin/settings/channels}). */
    public void registerChannelTerms(JavalinDefaultRoutingApi<?> routes, io.kamishop.payment.ChannelRegistry channels) {
        ChannelTermsPage.register(routes, web, settings, channels);
    }

    /** The payments page and its API ({@code /admin/payments}, {@code /api/admin/payments}). */
    public void registerPayments(JavalinDefaultRoutingApi<?> routes, io.kamishop.payment.PaymentChannelStatus status) {
        PaymentPages.register(routes, web, status);
    }

    /** The feature flags page ({@code /admin/flags}). */
    public void registerFlags(
            JavalinDefaultRoutingApi<?> routes,
            com.fasterxml.jackson.databind.ObjectMapper mapper,
            io.kamishop.flags.Flags flags,
            io.kamishop.payment.ChannelRegistry channels) {
        FlagsPage.register(routes, web, mapper, flags, channels);
    }

    /** Coupons, tiers and limits pages. */
    public void registerPricing(
            JavalinDefaultRoutingApi<?> routes,
            CatalogService catalog,
            io.kamishop.pricing.PricingService pricing,
            io.kamishop.pricing.CouponService coupons) {
        PricingPages.register(routes, web, catalog, pricing, coupons);
    }

    /**
     * The resellers page ({@code /admin/resellers}). Handed in as functions so the admin
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
     * {@code /admin/withdrawals}). The use cases come in as a desk so the admin does not
     * depend on the affiliate feature.
     */
    public void registerAffiliates(JavalinDefaultRoutingApi<?> routes, AffiliatePages.Desk desk) {
        AffiliatePages.register(routes, web, desk);
    }

    /** The nodes page ({@code /admin/nodes}). */
    public void registerNodes(
            JavalinDefaultRoutingApi<?> routes,
            io.kamishop.cluster.Nodes nodes,
            io.kamishop.archive.OrderArchive archive) {
        NodesPage.register(routes, web, nodes, archive);
    }

    /** The archived orders' page ({@code /admin/archive}): search, and restore from cold storage. */
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
