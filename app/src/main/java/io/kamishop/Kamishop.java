package io.kamishop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.kamishop.account.AccountOrders;
import io.kamishop.account.BalancePayments;
import io.kamishop.account.BuyerAccounts;
import io.kamishop.account.BuyerSignIn;
import io.kamishop.account.SignInAttempts;
import io.kamishop.account.StoreCredit;
import io.kamishop.admin.AdminAudit;
import io.kamishop.admin.AdminModule;
import io.kamishop.admin.AdminTokens;
import io.kamishop.admin.SalesReport;
import io.kamishop.api.KeyFormat;
import io.kamishop.audit.AuditLog;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.ProductDao;
import io.kamishop.challenge.ProofOfWork;
import io.kamishop.checkout.BalanceCheckout;
import io.kamishop.checkout.BuyerOrders;
import io.kamishop.checkout.PlaceOrder;
import io.kamishop.checkout.SwitchChannel;
import io.kamishop.cluster.Cluster;
import io.kamishop.config.AppConfig;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.KeyRing;
import io.kamishop.crypto.Keys;
import io.kamishop.crypto.MasterKey;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.delivery.SealedTexts;
import io.kamishop.demo.DemoCatalog;
import io.kamishop.download.DownloadLinks;
import io.kamishop.files.OwnerOnly;
import io.kamishop.flags.FlagExposures;
import io.kamishop.flags.Flags;
import io.kamishop.image.Images;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.KeyDao;
import io.kamishop.inventory.ProductFiles;
import io.kamishop.inventory.UnsoldKeys;
import io.kamishop.lookup.BuyerLookup;
import io.kamishop.mail.MailOutbox;
import io.kamishop.mail.MailSettings;
import io.kamishop.metrics.StoreMetrics;
import io.kamishop.notice.NoticeOutbox;
import io.kamishop.notice.RefusalAlerts;
import io.kamishop.observability.Tracing;
import io.kamishop.order.OrderChanges;
import io.kamishop.order.OrderDao;
import io.kamishop.order.OrderLog;
import io.kamishop.order.OrderService;
import io.kamishop.order.OrderTraces;
import io.kamishop.order.OrderTransitions;
import io.kamishop.outbox.Outbox;
import io.kamishop.payment.ChannelFees;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.payment.NotificationDao;
import io.kamishop.payment.NotificationService;
import io.kamishop.payment.PaymentStarter;
import io.kamishop.payment.Reconciler;
import io.kamishop.plugin.BundledJars;
import io.kamishop.plugin.PluginEvents;
import io.kamishop.plugin.PluginHost;
import io.kamishop.plugin.PluginSettingsStore;
import io.kamishop.pricing.CouponService;
import io.kamishop.pricing.PricingService;
import io.kamishop.refund.RefundService;
import io.kamishop.refund.RefundSweeper;
import io.kamishop.risk.Risk;
import io.kamishop.risk.RiskGate;
import io.kamishop.settings.ScopedSettings;
import io.kamishop.storefront.StorefrontRoutes;
import io.kamishop.telegram.TelegramBot;
import io.kamishop.telegram.TelegramSettings;
import io.kamishop.tls.Listeners;
import io.kamishop.web.ApiDocs;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.DeclaredRoutes;
import io.kamishop.web.Json;
import io.kamishop.web.JsonErrorHandler;
import io.kamishop.web.PublicPageCache;
import io.kamishop.web.RateLimits;
import io.kamishop.web.StoreAddress;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads the configuration, opens the database, starts the plugins, wires the
 * features' routes, and serves. Everything the store is made of is created here and nowhere else.
 */
public final class Kamishop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kamishop.class);
    /** How long a stop waits for requests in flight; Kubernetes' grace period in packaging/kubernetes is longer. */
    static final Duration DRAIN_ON_STOP = Duration.ofSeconds(20);
    /** How long a stop waits, in all, for background runs in flight (a reconciliation, a mail) to end. */
    static final Duration BACKGROUND_ON_STOP = Duration.ofSeconds(10);

    private final AppConfig config;
    private final BackgroundWork work = new BackgroundWork(BACKGROUND_ON_STOP);
    private final Database database;
    private final PluginHost plugins;
    private final Javalin http;
    /** The routes as declared, for the API description ({@code /api/openapi.json}) and the tests. */
    private final DeclaredRoutes declared = new DeclaredRoutes();

    private final Cluster cluster;
    private final OrderService orders;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final AdminTokens adminTokens;
    private final StoreSettings settings;
    private final io.kamishop.affiliate.Commissions commissions;
    private final io.kamishop.reseller.ResellerEarnings resellerEarnings;
    private final OrderChanges orderChanges;
    private final AuditLog audit;
    private final Flags flags;
    private final MailOutbox mailOutbox;
    private final NoticeOutbox notices;
    private final PluginEvents pluginEvents;
    private final Reconciler reconciler;
    private final AdminModule admin;
    private final Risk risk;
    private final AutoCloseable tracing;
    private final Listeners listeners;
    private final RefundSweeper refundSweeper;
    private final TelegramBot telegram;
    private final io.kamishop.archive.OrderArchive archive;

    private Kamishop(AppConfig config, Clock clock) {
        this.config = config;
        this.tracing = Tracing.start(config.override("KAMISHOP_OTEL_ENDPOINT"));
        // The master key and the database live here: owner-only, including what an older version left looser.
        OwnerOnly.tighten(config.dataDir());
        if (config.usesSqlite()) {
            // SQLite gives its journal and WAL the mode of the database file, so the file is made first: a new store's
            // is the empty database the build migrated.
            Database.sqliteFile(config.dbUrl()).ifPresent(io.kamishop.db.SchemaTemplate::placeIfNew);
        }
        // Inflating the bundled plugin jars needs no database: a thread of its own does it meanwhile.
        BundledJars bundledPlugins = BundledJars.readingAhead(config.dataDir().resolve("plugins-staging"));
        ObjectMapper mapper = Json.mapper();
        MasterKey masterKey = MasterKey.load(config.masterKey(), config.dataDir());
        this.database = Database.open(config.dbUrl());
        Keys keys;
        try {
            keys = KeyRing.open(database, masterKey, clock);
            // Before anything else starts: a certificate that cannot be read stops the start cleanly.
            this.listeners = Listeners.create(config.listen(), config.dataDir(), keys.tlsKeys(), clock, DRAIN_ON_STOP);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        // Build each hot DAO's SQL-object metadata once, not on every attach (it reads and parses .sql files).
        // Every SQL-object DAO of the app: one left out still works, only slower. Beside the rest of the start, on
        // the other core: it was ~140 ms of a first start's main thread (the start ~35 ms shorter, measured); a DAO
        // used before its metadata is ready builds its own, as one left out would.
        work.once(
                "sql-objects",
                () -> database.prepareSqlObjects(
                        io.kamishop.flags.FlagDao.class,
                        ProductDao.class,
                        KeyDao.class,
                        OrderDao.class,
                        NotificationDao.class,
                        io.kamishop.audit.AuditDao.class,
                        io.kamishop.payment.ReconcilerDao.class,
                        io.kamishop.pricing.PricingDao.class,
                        io.kamishop.pricing.CouponDao.class,
                        io.kamishop.risk.RiskDao.class,
                        io.kamishop.outbox.OutboxDao.class,
                        io.kamishop.refund.RefundDao.class,
                        io.kamishop.lookup.QueryPasswordDao.class,
                        io.kamishop.plugin.PluginDao.class,
                        io.kamishop.inventory.KindDao.class,
                        io.kamishop.inventory.FileDao.class,
                        io.kamishop.delivery.DeliveredDao.class,
                        io.kamishop.order.OrderTraceDao.class,
                        io.kamishop.risk.SeedQueryDao.class,
                        io.kamishop.admin.AdminUserDao.class,
                        io.kamishop.admin.AdminTokenDao.class,
                        io.kamishop.admin.AdminSessionDao.class,
                        io.kamishop.admin.LoginThrottleDao.class,
                        io.kamishop.admin.SalesReportDao.class,
                        io.kamishop.crypto.KeyRingDao.class,
                        io.kamishop.cluster.ChangeBusDao.class,
                        io.kamishop.settings.SettingsDao.class,
                        io.kamishop.metrics.StoreMetricsDao.class,
                        io.kamishop.order.OrderSearchDao.class,
                        io.kamishop.ledger.LedgerDao.class,
                        io.kamishop.affiliate.AffiliateDao.class,
                        io.kamishop.reseller.ResellerDao.class,
                        io.kamishop.archive.ArchiveDao.class));
        this.cluster = Cluster.open(database, config.dbUrl(), version(), clock, work);
        ScopedSettings scopedSettings = new ScopedSettings(database, clock, cluster.bus());
        this.settings = new StoreSettings(
                scopedSettings,
                config,
                io.kamishop.storefront.Themes.existsIn(config.dataDir().resolve("themes")));
        this.catalog = new CatalogService(database, clock);
        this.inventory = new InventoryService(database, keys.cardKeys(), keys.cardKeyFingerprints(), clock);
        this.adminTokens = new AdminTokens(database, keys.tokens(), clock);
        config.adminToken().ifPresent(adminTokens::ensureBootstrap);

        StoreAddress address = new StoreAddress(
                config.publicUrl(),
                config.port(),
                io.kamishop.web.AllowedHosts.from(config.override("KAMISHOP_ALLOWED_HOSTS"), config.publicUrl()));
        // The plugin host and the notification path need each other (the sandbox feeds its own
        // notifications in); the reference is set before any plugin can call it.
        AtomicReference<NotificationService> notificationsRef = new AtomicReference<>();
        this.plugins = new PluginHost(
                config,
                database,
                new PluginSettingsStore(scopedSettings, keys.pluginSecrets(), config),
                keys.pluginSecrets(),
                address,
                mapper,
                // Set below, before anything (the HTTP server, a plugin's worker) can call it.
                (channel, request) -> java.util.Objects.requireNonNull(
                                notificationsRef.get(), "the notification service is set before the store serves")
                        .submit(channel, request),
                clock,
                bundledPlugins);
        StoreMetrics metrics = new StoreMetrics(database, plugins::list);
        work.bindTo(metrics.registry()); // Micrometer's MeterBinder: the work's per-task meters
        ChannelFees channelFees = new ChannelFees(settings);
        this.audit = new AuditLog(database, keys.auditChain(), clock);
        // Feature flags: a flagged channel is offered only to its "on" arm (every door asks the registry),
        // and each order records the arms that decided its channels, in its placing transaction.
        this.flags = new Flags(database, cluster.bus(), audit, mapper, clock);
        ChannelRegistry channels =
                new ChannelRegistry(plugins, metrics::gatewayCall, channelFees, flags::offers, flags::gatedChoices);
        this.orderChanges = new OrderChanges();
        Outbox outbox = new Outbox(database, clock);
        this.notices = new NoticeOutbox(database, outbox, plugins, mapper, clock, settings, config.publicUrl());
        outbox.register(notices);
        orderChanges.subscribeInTransaction(notices::onStatusChange);
        this.pluginEvents = new PluginEvents(
                plugins,
                clock,
                inventory::availableUpTo,
                config.override("KAMISHOP_LOW_STOCK_THRESHOLD")
                        .map(Long::parseLong)
                        .orElse(5L),
                notices::enqueue);
        orderChanges.subscribe(pluginEvents::orderChanged);
        // The risk stage guards placing, paying and delivering, so it is built before those services and
        // handed to each; it moves and notes orders through the status machine alone. Its reviews, which
        // deliver an approved order, are built after them (Risk.start).
        OrderTransitions orderTransitions = new OrderTransitions(database, orderChanges, audit, clock);
        RiskGate riskGate = Risk.buildGate(database, plugins, orderTransitions, inventory, clock, ruleFlags(flags));
        // The balance channel is the store's own (account/BalancePayments), not a plugin's.
        this.orders = new OrderService(
                database,
                catalog,
                inventory,
                settings,
                keys.tokens(),
                (id, who) -> BalanceCheckout.CHANNEL.equals(id) || channels.isAvailable(id, who),
                orderTransitions,
                riskGate);
        CouponService coupons = new CouponService(database, catalog, clock);
        io.kamishop.affiliate.Affiliates affiliates = new io.kamishop.affiliate.Affiliates(database, settings, clock);
        // Resellers: the markup in the price, recorded with the order, earned at delivery like a commission, reversed
        // inside the same refund transaction, released by its own sweeper duty.
        io.kamishop.reseller.Resellers resellers = new io.kamishop.reseller.Resellers(
                database,
                affiliates,
                catalog,
                new io.kamishop.storefront.Themes(config.dataDir().resolve("themes"), mapper)::exists,
                keys.tokens(),
                audit,
                clock);
        PricingService pricing = new PricingService(database, catalog, coupons, channelFees, resellers, clock);
        orders.addPlacementStep(pricing);
        orderChanges.subscribeInTransaction(pricing::onStatusChange);
        // Hot, warm, cold (issue 28): every buyer door and the admin find archived orders; nothing is asked of the
        // archive while an order is placed, paid or delivered.
        SealedTexts sealedTexts = new SealedTexts(keys.cardKeys(), inventory);
        this.archive = new io.kamishop.archive.OrderArchive(
                database,
                settings,
                sealedTexts,
                orders,
                keys.archiveSegments(),
                new io.kamishop.archive.SegmentStores(
                        new io.kamishop.archive.FolderSegments(config.dataDir().resolve("archive")),
                        () -> plugins.extensions(io.kamishop.api.ArchiveStorage.class)),
                clock,
                config.override("KAMISHOP_ARCHIVE_BATCH_SIZE")
                        .map(Integer::parseInt)
                        .orElse(io.kamishop.archive.OrderArchive.BATCH),
                config.override("KAMISHOP_ARCHIVE_BATCHES_PER_SWEEP")
                        .map(Integer::parseInt)
                        .orElse(io.kamishop.archive.OrderArchive.BATCHES_PER_SWEEP));
        // One bot brake for every door that places an order or looks orders up (API, storefront forms, bots): the
        // third party's human check first, so a refused one does not spend the buyer's proof of work.
        io.kamishop.challenge.HumanChecks humans =
                new io.kamishop.challenge.HumanChecks(() -> plugins.extensions(io.kamishop.api.HumanCheck.class));
        ProofOfWork proofs = new ProofOfWork(database, settings, keys.tokens(), clock);
        java.util.function.Consumer<io.kamishop.domain.Requester> botBrake = requester -> {
            humans.require(requester);
            proofs.require(requester);
        };
        BuyerLookup buyerLookup = new BuyerLookup(database, orders, archive, botBrake, clock);
        ClientAddress clients = new ClientAddress(config.trustedProxies(), humans::formField);
        orders.addPlacementStep(buyerLookup);
        OrderTraces orderTraces = new OrderTraces(clock);
        orders.addPlacementStep(orderTraces);
        orders.addPlacementStep(new FlagExposures(flags));
        orderChanges.subscribeInTransaction(orderTraces::onStatusChange);
        ProductFiles productFiles = new ProductFiles(
                database,
                keys.cardKeys(),
                clock,
                config.override("KAMISHOP_MAX_FILE_BYTES").map(Long::parseLong).orElse(20L * 1024 * 1024));
        // Generated products ask the key format plugins at delivery; the host is started further down.
        DeliveryService delivery = new DeliveryService(
                database,
                inventory,
                productFiles,
                orders,
                riskGate,
                notices::onHeldForReview,
                sealedTexts,
                archive::keysOf,
                () -> plugins.extensions(KeyFormat.class),
                clock);
        MailSettings mailSettings = new MailSettings(scopedSettings, keys.mailSecrets(), config);
        this.mailOutbox = new MailOutbox(
                database,
                outbox,
                orders,
                delivery,
                mailSettings,
                settings,
                address,
                keys.mailSecrets(),
                TelegramBot.keysResender(database, outbox),
                clock);
        outbox.register(mailOutbox);
        outbox.register(mailOutbox.codeMails());
        orderChanges.subscribeInTransaction((h, change) -> Tracing.inSpan(
                "mail.enqueue",
                () -> Tracing.order(change.order().orderNo(), change.order().channel()),
                () -> {
                    mailOutbox.onStatusChange(h, change);
                    return change.kind();
                }));
        orderChanges.subscribe(OrderLog::changed);
        io.kamishop.payment.RefusedNotifications refusals = new io.kamishop.payment.RefusedNotifications(
                database, clock, new RefusalAlerts(clock, notices::enqueue)::refused);
        NotificationService notifications =
                new NotificationService(database, channels, orders, delivery, refusals, notices.moneyBack(), clock);
        notificationsRef.set(notifications);
        PaymentStarter payments = new PaymentStarter(channels, orders, address, riskGate);
        this.reconciler = new Reconciler(database, channels, notifications, clock, Reconciler.Timing.DEFAULT);
        this.risk = Risk.start(riskGate, database, orders, delivery, inventory, orderChanges, clock);
        if (io.kamishop.plugin.LegacyLicenceKey.adopt(
                database, keys.licenceSigningKey(), keys.pluginSecrets(), clock)) {
            LOG.info("the built-in licence key now belongs to the keyformat-license plugin");
        }
        risk.flushLog(work);
        plugins.start(config.demo());

        // What the buyer's doors call, built here like every other service: the routes are declared inside
        // Javalin.create, once everything they call exists.
        PublicPageCache shopWindow = new PublicPageCache(cluster::changeStamp);
        RateLimits rateLimits = new RateLimits(config);
        io.kamishop.ledger.Ledger ledger = new io.kamishop.ledger.Ledger(database, clock);
        // The balance channel is the store's own: orders are paid from it and refunds of such payments go back to it.
        BalancePayments balancePayments = new BalancePayments(database, ledger, notifications, orders);
        // What a refund takes back from those who earned on the order (a reseller's markup, affiliates' commissions),
        // inside the refund's transaction.
        io.kamishop.reseller.ResellerEarnings markups =
                new io.kamishop.reseller.ResellerEarnings(database, ledger, settings, clock);
        this.resellerEarnings = markups;
        io.kamishop.affiliate.Commissions earned =
                new io.kamishop.affiliate.Commissions(database, ledger, catalog, settings, markups::markupOf, clock);
        this.commissions = earned;
        RefundService refunds = new RefundService(
                database,
                orders,
                inventory,
                channels,
                balancePayments,
                notices.moneyBack(),
                (h, order, refunded, paid, refundId) -> {
                    markups.lockForRefund(h, order);
                    earned.onRefund(h, order, refunded, paid, refundId);
                    markups.onRefund(h, order, refunded, paid, refundId);
                },
                clock);
        // One use case per buyer action, behind the API and the storefront pages alike.
        PlaceOrder placing = new PlaceOrder(
                orders,
                payments,
                rateLimits,
                buyerLookup::hashForCheckout,
                address,
                botBrake,
                balancePayments,
                affiliates);
        BuyerOrders buyerOrders = new BuyerOrders(orders, rateLimits, archive);
        SwitchChannel switching = new SwitchChannel(database, buyerOrders, orders, channels, channelFees, payments);
        Images images = new Images(database, clock);
        BuyerSignIn buyerSignIn = new BuyerSignIn(database, keys.tokens(), mailOutbox.codeMails()::owe, clock);
        StoreCredit storeCredit = new StoreCredit(database, ledger, buyerSignIn, audit);
        BuyerAccounts buyerAccounts = new BuyerAccounts(database, ledger, storeCredit);
        StorefrontRoutes.Shop shop = new StorefrontRoutes.Shop(
                catalog,
                inventory,
                orders,
                placing,
                buyerOrders,
                pricing,
                payments,
                channels,
                delivery,
                settings,
                clients,
                address,
                buyerLookup,
                switching,
                new StorefrontRoutes.Accounts(
                        buyerSignIn,
                        storeCredit,
                        new AccountOrders(orders),
                        // One allowance of sign-in tries per address, shared by the API and the sign-in page.
                        new SignInAttempts(),
                        affiliates,
                        new io.kamishop.affiliate.AffiliateReports(database, ledger, clock),
                        new io.kamishop.affiliate.Withdrawals(database, ledger, clock)),
                images,
                storefrontFlags(flags),
                humans);
        // Affiliates: attribution at placement, commission at delivery, reversal inside the refund, release by a
        // sweeper.
        // The attribution is a placement step: written in the transaction that places the order, never after it.
        orders.addPlacementStep(affiliates);
        orderChanges.subscribeInTransaction(commissions::onStatusChange);
        // The reseller's markup is asked inside the placing transaction (a placement step, after the attribution).
        orders.addPlacementStep(resellers);
        orderChanges.subscribeInTransaction(resellerEarnings::onStatusChange);
        // The Telegram storefront is one more door onto the same use cases (see TelegramBot for why it is not a
        // plugin).
        this.telegram = TelegramBot.wire(new TelegramBot.Parts(
                database,
                outbox,
                new TelegramSettings(scopedSettings, keys.botSecrets(), config.publicUrl()),
                plugins.outboundHttp(),
                mapper,
                catalog,
                inventory,
                channels,
                placing,
                buyerOrders,
                orders,
                orderChanges,
                delivery,
                address,
                settings,
                new SalesReport(database, clock, settings::zone),
                risk.reviews(),
                new AdminAudit(audit),
                rateLimits,
                cluster.sweepers()::lead,
                clock));
        // One view of the themes for every door: the storefront's pages and theme API, and the admin's theme page.
        io.kamishop.storefront.ThemeSettings themes = io.kamishop.storefront.ThemeSettings.of(
                config.dataDir().resolve("themes"), mapper, scopedSettings, settings);
        this.admin = AdminModule.create(
                database,
                keys.tokens(),
                keys.pluginSecrets(),
                audit,
                adminTokens,
                clients,
                settings,
                plugins,
                mailSettings,
                images,
                buyerAccounts,
                storeCredit,
                new io.kamishop.admin.AdminModule.TelegramDesk(
                        io.kamishop.telegram.TelegramSettings.schema(), telegram.settings()::view, values -> {
                            telegram.settings().store(values);
                            telegram.settingsChanged();
                        }),
                new io.kamishop.admin.AdminModule.ThemeDesk(
                        themes::all, themes::view, themes::schema, (name, values) -> themes.change(name, values)),
                clock);
        HttpRoutes routes = new HttpRoutes(
                config,
                clock,
                mapper,
                database,
                themes,
                listeners,
                cluster,
                shop,
                shopWindow,
                new io.kamishop.reseller.SubStoreDesk(resellers, resellerEarnings, ledger),
                proofs,
                plugins,
                metrics,
                archive,
                notifications,
                buyerAccounts,
                ledger,
                balancePayments,
                resellers,
                resellerEarnings,
                commissions,
                coupons,
                productFiles,
                new DownloadLinks(
                        keys.tokens(),
                        clock,
                        Duration.ofMinutes(config.override("KAMISHOP_DOWNLOAD_LINK_MINUTES")
                                .map(Long::parseLong)
                                .orElse(60L))),
                new UnsoldKeys(database, keys.cardKeys()),
                refunds,
                flags,
                telegram,
                admin,
                adminTokens,
                risk,
                mailSettings,
                mailOutbox,
                notices,
                audit,
                declared);
        this.http = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.jsonMapper(new JavalinJackson(mapper, false));
            javalin.http.maxRequestSize = 1_000_000L;
            // Javalin copies every response into the socket through a fresh buffer of this size (32 KiB
            // by default) and Jetty aggregates output in one as large: a third of all the garbage of
            // the HTTP threads under load, for pages and answers of a few KiB. A larger response is
            // sent in chunks.
            javalin.http.responseBufferSize = 8192;
            listeners.configure(javalin);
            // Errors Jetty answers before routing (bad path encoding, oversized headers) in the API's JSON shape.
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            // Every route, in the order Javalin tries them, noted as declared for the API description.
            javalin.router.mount(router -> routes.declare(declared.recording(router)));
        });

        if (config.demo() && DemoCatalog.seedIfEmpty(catalog, inventory)) {
            LOG.info("demo catalogue seeded");
        }
        // One node at a time expires orders (any node could: each expiry is a conditional update).
        Duration sweepEvery = Duration.ofMillis(
                Long.parseLong(config.override("KAMISHOP_SWEEP_INTERVAL_MILLIS").orElse("5000")));
        cluster.sweepers().every(Cluster.ORDER_EXPIRY, sweepEvery, orders::expireDue);
        cluster.sweepers()
                .every(
                        io.kamishop.affiliate.Commissions.DUTY,
                        Duration.ofMillis(Long.parseLong(config.override("KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS")
                                .orElse("60000"))),
                        () -> {
                            affiliates.forgetOldClicks();
                            commissions.releaseDue();
                        });
        cluster.sweepers()
                .every(
                        io.kamishop.reseller.ResellerEarnings.DUTY,
                        Duration.ofMillis(Long.parseLong(config.override("KAMISHOP_AFFILIATE_SWEEP_INTERVAL_MILLIS")
                                .orElse("60000"))),
                        resellerEarnings::releaseDue);
        cluster.sweepers()
                .every(
                        io.kamishop.archive.OrderArchive.DUTY,
                        Duration.ofMillis(Long.parseLong(config.override("KAMISHOP_ARCHIVE_SWEEP_INTERVAL_MILLIS")
                                .orElse("60000"))),
                        archive::sweep);
        cluster.nodes()
                .start(Duration.ofMillis(Long.parseLong(
                        config.override("KAMISHOP_HEARTBEAT_MILLIS").orElse("5000"))));
        // Every topic, sign-in code mails too, is woken right after the commit that owes a message; the
        // 10 s passes pick up retries and what other nodes wrote.
        outbox.start(work, Duration.ofSeconds(10));
        // PostgreSQL: audit entries are chained off the business transactions, right after each commit,
        // and every second for what a stopped node left pending (SQLite chains them as they are written).
        audit.startLinking(work, Duration.ofSeconds(1));
        // Every node reconciles (settling is exactly-once, so overlap only costs gateway queries),
        // on a thread of its own so a slow gateway never delays the expiry sweep.
        reconciler.schedule(work, Duration.ofSeconds(30));
        // One node sends refunds (the claim on each refund keeps a merchant's click on another node from
        // sending it at the same time), on a thread of its own: a slow gateway never delays the sweeps.
        RefundSweeper refundSweeper = new RefundSweeper(database, refunds, settings, channels, clock);
        work.every("refunds", sweepEvery, sweepEvery, () -> {
            if (cluster.sweepers().lead(RefundSweeper.DUTY)) {
                refundSweeper.sweep();
            }
        });
        this.refundSweeper = refundSweeper;
        listeners.start(http, work);
        address.port(http.port());
        telegram.start(work);
        // No default password: until the first admin exists, each start prints a fresh one-time code.
        admin.issueSetupCode()
                .ifPresent(code -> System.out.println("No admin user yet. Create one at " + listeners.scheme()
                        + "://localhost:" + http.port() + "/admin/setup with the one-time setup code " + code));
    }

    /** Starts a store with the given configuration; the caller closes it. */
    public static Kamishop start(AppConfig config, Clock clock) {
        return new Kamishop(config, clock);
    }

    /** Every HTTP route the server answers (not before/after filters), as the routes were declared. */
    public List<ApiDocs.Route> routes() {
        return declared.httpRoutes();
    }

    static String version() {
        String version = Kamishop.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public int port() {
        return http.port();
    }

    public AppConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    public OrderService orders() {
        return orders;
    }

    public CatalogService catalog() {
        return catalog;
    }

    public InventoryService inventory() {
        return inventory;
    }

    public AdminTokens adminTokens() {
        return adminTokens;
    }

    public AdminModule admin() {
        return admin;
    }

    /** The resellers' markup earnings (tests release due ones without waiting for the sweeper). */
    public io.kamishop.reseller.ResellerEarnings resellerEarnings() {
        return resellerEarnings;
    }

    /** The affiliate commissions (tests release due ones without waiting for the sweeper). */
    public io.kamishop.affiliate.Commissions commissions() {
        return commissions;
    }

    public io.kamishop.archive.OrderArchive archive() {
        return archive;
    }

    public StoreSettings settings() {
        return settings;
    }

    /** The risk rules some flag gates, as the risk feature asks (risk does not depend on the flags). */
    private static io.kamishop.risk.RuleFlags ruleFlags(Flags flags) {
        return new io.kamishop.risk.RuleFlags() {
            @Override
            public java.util.function.Predicate<String> forBuyer(io.kamishop.domain.Audience who) {
                return flags.rulesFor(who);
            }

            @Override
            public java.util.function.Predicate<String> forOrder(long orderId) {
                return flags.rulesForOrder(orderId);
            }
        };
    }

    /** The themes and store features some flag gates, as the storefront asks. */
    private static io.kamishop.storefront.StorefrontFlags storefrontFlags(Flags flags) {
        return new io.kamishop.storefront.StorefrontFlags() {
            @Override
            public boolean any() {
                return flags.decidesStorefront();
            }

            @Override
            public @Nullable String theme(io.kamishop.domain.Audience who) {
                return flags.themeFor(who);
            }

            @Override
            public boolean feature(String feature, io.kamishop.domain.Audience who) {
                return flags.enabled(feature, who);
            }

            @Override
            public String arms(io.kamishop.domain.Audience who) {
                return flags.storefrontArms(who);
            }
        };
    }

    public Flags flags() {
        return flags;
    }

    public AuditLog audit() {
        return audit;
    }

    public Cluster cluster() {
        return cluster;
    }

    public OrderChanges orderChanges() {
        return orderChanges;
    }

    public MailOutbox mailOutbox() {
        return mailOutbox;
    }

    public NoticeOutbox notices() {
        return notices;
    }

    public PluginHost plugins() {
        return plugins;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public Risk risk() {
        return risk;
    }

    /** The automatic-refund sweeper, for tests that run a pass when they say so. */
    public RefundSweeper refundSweeper() {
        return refundSweeper;
    }

    public Listeners listeners() {
        return listeners;
    }

    /** Every background task of this store, in the order they started. */
    public BackgroundWork work() {
        return work;
    }

    @Override
    public void close() {
        // HTTP first: Jetty stops accepting and lets requests in flight (a payment notification in its
        // transaction) finish while everything they need (outbox, plugins, group commit, database) is
        // still up. Then every background task, the last started first (see BackgroundWork), and what
        // they leave: this node's leaderships, the risk log's last decisions, the plugins, the cluster's
        // connections, and the database last, once its group commit drained.
        http.stop();
        work.close();
        cluster.sweepers().close();
        pluginEvents.close();
        risk.close();
        plugins.close();
        cluster.close();
        database.close();
        try {
            tracing.close();
        } catch (Exception e) {
            LOG.warn("could not flush the last spans: {}", e.toString());
        }
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv()));
    }
}
