package io.kamishop.bench;

import static io.kamishop.bench.BenchMain.log;
import static io.kamishop.bench.BenchMain.round;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run --hot-sizes[=orders]}: how small archiving keeps the hot tables. A store made through the API,
 * then {@code orders} orders over a year written by {@link ScaleGenerator}; the rows and bytes (SQLite's
 * {@code dbstat}: each table's pages with its indexes) of the hot order tables and the database file size are
 * measured, the store is started with {@code archiveWarmAfterDays} = {@value #DAYS} and its sweeper every 200 ms
 * until nothing more moves, and the same is measured again, then once more after {@code VACUUM} (SQLite keeps the
 * freed pages in its file until then).
 *
 * <p>{@code bench/run --hot-sizes-pg[=orders]} does the same on PostgreSQL ({@code BENCH_PG_URL}, a fresh schema
 * dropped afterwards): bytes are {@code pg_total_relation_size} (table, indexes and TOAST), "file" is every
 * relation of the schema, and the last measure follows {@code VACUUM FULL} of the hot tables (a plain
 * {@code VACUUM} keeps the space for reuse; only the full one gives it back).
 */
final class HotTableSizes {

    static final int DAYS = 90;
    private static final List<String> HOT = List.of(
            "orders",
            "order_events",
            "card_keys",
            "order_deliveries",
            "payment_notifications",
            "refunds",
            "mail_outbox",
            "flag_exposures");
    private static final List<String> ARCHIVE = List.of("archived_orders", "archived_keys");

    private final int orders;
    private final Path jar;
    private final List<String> serverOptions;
    private final Path work;
    private final Map<String, Object> results;
    private final boolean postgres;

    HotTableSizes(int orders, Path jar, List<String> serverOptions, Path work, Map<String, Object> results) {
        this(orders, jar, serverOptions, work, results, false);
    }

    HotTableSizes(
            int orders,
            Path jar,
            List<String> serverOptions,
            Path work,
            Map<String, Object> results,
            boolean postgres) {
        this.postgres = postgres;
        this.orders = orders;
        this.jar = jar;
        this.serverOptions = serverOptions;
        this.work = work;
        this.results = results;
    }

    void run() throws Exception {
        if (!postgres) {
            Path dataDir = Files.createDirectories(work.resolve("hot-sizes"));
            Path db = dataDir.resolve("kamishop.db");
            run(dataDir, "jdbc:sqlite:" + db, Map.of(), db);
            return;
        }
        String schema = PgBench.createSchema();
        try {
            String url =
                    PgBench.SERVER_URL + (PgBench.SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            byte[] masterKey = new byte[32];
            new java.security.SecureRandom().nextBytes(masterKey);
            results.put("hot_sizes_database", "postgresql " + PgBench.SERVER_URL.replaceAll("\\?.*", ""));
            run(
                    Files.createDirectories(work.resolve("hot-sizes-pg")),
                    url,
                    Map.of(
                            "KAMISHOP_DB_URL",
                            url,
                            "KAMISHOP_MASTER_KEY",
                            java.util.Base64.getEncoder().encodeToString(masterKey)),
                    null);
        } finally {
            PgBench.dropSchema(schema);
        }
    }

    /** {@code file}: the SQLite file, or null on PostgreSQL. */
    private void run(Path dataDir, String url, Map<String, String> storeEnv, Path file) throws Exception {
        long bulk;
        try (ServerProcess store =
                ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("hot-prepare.log"), storeEnv)) {
            Api api = new Api(store.baseUrl(), 4);
            api.prepareStore();
            bulk = api.createProduct("Bulk key", 100);
        }
        new ScaleGenerator(url, bulk, orders, 10).generate();
        results.put("hot_sizes_orders", orders);
        results.put("hot_sizes_archive_after_days", DAYS);
        results.put("hot_sizes_before", measure(url, file, "before"));

        long due = count(
                url,
                "SELECT COUNT(*) FROM orders WHERE status IN ('delivered', 'expired', 'cancelled', 'refunded') "
                        + "AND created_at < "
                        + (System.currentTimeMillis() - Duration.ofDays(DAYS).toMillis())
                        + " AND updated_at < "
                        + (System.currentTimeMillis() - Duration.ofDays(DAYS).toMillis()));
        results.put("hot_sizes_due", due);
        log("%,d final orders older than %d days are due", due, DAYS);
        long t0 = System.nanoTime();
        Map<String, String> env = new java.util.HashMap<>(storeEnv);
        env.put("KAMISHOP_ARCHIVE_WARM_AFTER_DAYS", Integer.toString(DAYS));
        env.put("KAMISHOP_ARCHIVE_SWEEP_INTERVAL_MILLIS", "200");
        try (ServerProcess store =
                ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("hot-archive.log"), env)) {
            long last = -1;
            long lastGrew = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            // Done when everything due has moved, or the archive has not grown for a minute (a batch of 200 orders
            // is one transaction and takes seconds on a loaded machine), or after half an hour.
            while (System.nanoTime() < deadline) {
                Thread.sleep(Duration.ofSeconds(2).toMillis());
                long now = count(url, "SELECT COUNT(*) FROM archived_orders");
                if (now != last) {
                    lastGrew = System.nanoTime();
                    last = now;
                }
                if (now >= due
                        || System.nanoTime() - lastGrew > Duration.ofMinutes(1).toNanos()) {
                    break;
                }
            }
        }
        results.put("hot_sizes_archive_seconds", round((System.nanoTime() - t0) / 1e9, 1));
        results.put("hot_sizes_after", measure(url, file, "after archiving"));
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            if (file != null) {
                s.execute("VACUUM");
            } else {
                for (String table : HOT) {
                    s.execute("VACUUM FULL " + table);
                }
            }
        }
        results.put("hot_sizes_after_vacuum", measure(url, file, file != null ? "after VACUUM" : "after VACUUM FULL"));
    }

    private static Map<String, Object> measure(String url, Path db, String when) throws Exception {
        Map<String, Object> sizes = new LinkedHashMap<>();
        long hotRows = 0;
        long hotBytes = 0;
        long file;
        long walBytes = 0;
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String table : concat(HOT, ARCHIVE)) {
                long rows = one(s, "SELECT COUNT(*) FROM " + table);
                long bytes = db != null
                        ? one(
                                s,
                                "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
                                        + "(SELECT name FROM sqlite_master WHERE tbl_name = '" + table + "')")
                        : one(s, "SELECT pg_total_relation_size('" + table + "')");
                sizes.put(table + "_rows", rows);
                sizes.put(table + "_mb", round(bytes / 1e6, 2));
                if (HOT.contains(table)) {
                    hotRows += rows;
                    hotBytes += bytes;
                }
                log("  %-16s %-22s %,12d rows %,10.2f MB", when, table, rows, bytes / 1e6);
            }
            if (db != null) {
                sizes.put(
                        "free_pages_mb", round(one(s, "PRAGMA freelist_count") * one(s, "PRAGMA page_size") / 1e6, 2));
                file = Files.size(db);
                Path wal = db.resolveSibling(db.getFileName() + "-wal");
                walBytes = Files.exists(wal) ? Files.size(wal) : 0;
            } else {
                // Every table of the schema with its indexes and TOAST: what the store takes on the server's disk.
                file = one(
                        s,
                        "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                                + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')");
            }
        }
        sizes.put("hot_rows", hotRows);
        sizes.put("hot_mb", round(hotBytes / 1e6, 2));
        sizes.put(db != null ? "file_mb" : "schema_mb", round(file / 1e6, 2));
        sizes.put("wal_mb", round(walBytes / 1e6, 2));
        log(
                "%s: hot tables %,d rows, %,.1f MB; %s %,.1f MB (+ WAL %,.1f MB); load average %s",
                when,
                hotRows,
                hotBytes / 1e6,
                db != null ? "file" : "schema",
                file / 1e6,
                walBytes / 1e6,
                PgBench.loadAverage());
        sizes.put("load_average", PgBench.loadAverage());
        return sizes;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            return one(s, sql);
        }
    }

    private static long one(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
