package io.kamishop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.kamishop.admin.AdminAuth;
import io.kamishop.admin.AdminTokens;
import io.kamishop.admin.SettingsRoutes;
import io.kamishop.catalog.CatalogRoutes;
import io.kamishop.catalog.CatalogService;
import io.kamishop.catalog.ProductDao;
import io.kamishop.checkout.CheckoutRoutes;
import io.kamishop.cluster.Cluster;
import io.kamishop.config.AppConfig;
import io.kamishop.config.StoreSettings;
import io.kamishop.crypto.Keys;
import io.kamishop.crypto.MasterKey;
import io.kamishop.db.Database;
import io.kamishop.delivery.DeliveryService;
import io.kamishop.demo.DemoCatalog;
import io.kamishop.inventory.InventoryRoutes;
import io.kamishop.inventory.InventoryService;
import io.kamishop.inventory.KeyDao;
import io.kamishop.order.OrderAdminRoutes;
import io.kamishop.order.OrderChanges;
import io.kamishop.order.OrderDao;
import io.kamishop.order.OrderService;
import io.kamishop.payment.ChannelRegistry;
import io.kamishop.payment.NotificationDao;
import io.kamishop.payment.NotificationService;
import io.kamishop.payment.PaymentRoutes;
import io.kamishop.payment.PaymentStarter;
import io.kamishop.plugin.PluginHost;
import io.kamishop.plugin.PluginRoutes;
import io.kamishop.plugin.PluginSettingsStore;
import io.kamishop.storefront.OrderPage;
import io.kamishop.web.ClientAddress;
import io.kamishop.web.ErrorMapping;
import io.kamishop.web.Json;
import io.kamishop.web.SecurityHeaders;
import io.kamishop.web.StoreAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads the configuration, opens the database, starts the plugins, wires the
 * features' routes, and serves. Everything the store is made of is created here and nowhere else.
 */
public final class Kamishop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kamishop.class);

    private final AppConfig config;
    private final Database database;
    private final PluginHost plugins;
    private final Javalin http;
    private final Cluster cluster;
    private final OrderService orders;
    private final CatalogService catalog;
    private final InventoryService inventory;
    private final AdminTokens adminTokens;
    private final StoreSettings settings;
    private final OrderChanges orderChanges;

    private Kamishop(AppConfig config, Clock clock) {
        this.config = config;
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data dir " + config.dataDir(), e);
        }
        Keys keys = Keys.from(MasterKey.load(config.masterKey(), config.dataDir()));
        ObjectMapper mapper = Json.mapper();
        this.database = Database.open(config.dbUrl());
        database.prepareDaos(ProductDao.class, KeyDao.class, OrderDao.class, NotificationDao.class);
        this.cluster = Cluster.open(database, config.dbUrl());
        this.settings = new StoreSettings(database, config, clock, cluster.bus());
        this.catalog = new CatalogService(database, clock);
        this.inventory = new InventoryService(database, keys.cardKeys(), keys.cardKeyFingerprints(), clock);
        this.adminTokens = new AdminTokens(database, keys.tokens(), clock);
        config.adminToken().ifPresent(adminTokens::ensureBootstrap);

        StoreAddress address = new StoreAddress(config.publicUrl(), config.port());
        ClientAddress clients = new ClientAddress(config.trustedProxies());
        // The plugin host and the notification path need each other (the sandbox feeds its own
        // notifications in); the reference is set before any plugin can call it.
        AtomicReference<NotificationService> notificationsRef = new AtomicReference<>();
        this.plugins = new PluginHost(config.dataDir().resolve("plugins"), database,
                new PluginSettingsStore(database, keys.pluginSecrets(), config, clock, cluster.bus()), address, mapper,
                (channel, request) -> notificationsRef.get().submit(channel, request), clock);
        ChannelRegistry channels = new ChannelRegistry(plugins);
        this.orderChanges = new OrderChanges();
        this.orders = new OrderService(database, catalog, inventory, settings, keys.tokens(), channels::isAvailable, orderChanges, clock);
        DeliveryService delivery = new DeliveryService(inventory, orders);
        NotificationService notifications = new NotificationService(database, channels, orders, delivery, clock);
        notificationsRef.set(notifications);
        PaymentStarter payments = new PaymentStarter(channels, orders);
        plugins.start(config.demo() ? Set.of("payment-sandbox") : Set.of());
        plugins.followChanges(cluster.bus());

        this.http = Javalin.create(javalin -> {
            javalin.showJavalinBanner = false;
            javalin.jsonMapper(new JavalinJackson(mapper, false));
            javalin.http.maxRequestSize = 1_000_000L;
        });
        http.before(ctx -> StoreAddress.enterRequest(clients.scheme(ctx), clients.host(ctx)));
        http.after(ctx -> StoreAddress.leaveRequest());
        SecurityHeaders.register(http);
        ErrorMapping.register(http);
        http.get("/healthz", ctx -> {
            boolean up = database.isReachable();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "ok" : "unavailable"));
        });
        AdminAuth.register(http, adminTokens);
        CatalogRoutes.register(http, mapper, catalog, inventory);
        InventoryRoutes.register(http, catalog, inventory);
        CheckoutRoutes.register(http, mapper, orders, payments, delivery, clients);
        OrderAdminRoutes.register(http, orders, notifications::forOrder);
        PaymentRoutes.register(http, notifications, channels, clients);
        PluginRoutes.register(http, mapper, plugins);
        SettingsRoutes.register(http, mapper, settings);
        OrderPage.register(http, orders, delivery);

        if (config.demo() && DemoCatalog.seedIfEmpty(catalog, inventory)) {
            LOG.info("demo catalogue seeded");
        }
        // One node at a time expires orders (any node could: each expiry is a conditional update).
        Duration sweepEvery = Duration.ofMillis(Long.parseLong(config.override("KAMISHOP_SWEEP_INTERVAL_MILLIS").orElse("5000")));
        cluster.sweepers().every(Cluster.ORDER_EXPIRY, sweepEvery, orders::expireDue);
        http.start(config.port());
        address.port(http.port());
    }

    /** Starts a store with the given configuration; the caller closes it. */
    public static Kamishop start(AppConfig config, Clock clock) {
        return new Kamishop(config, clock);
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

    public StoreSettings settings() {
        return settings;
    }

    public Cluster cluster() {
        return cluster;
    }

    public OrderChanges orderChanges() {
        return orderChanges;
    }

    public PluginHost plugins() {
        return plugins;
    }

    @Override
    public void close() {
        cluster.sweepers().close();
        http.stop();
        plugins.close();
        cluster.close();
        database.close();
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv()));
    }
}
