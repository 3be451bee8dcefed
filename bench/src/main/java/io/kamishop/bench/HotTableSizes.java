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

    HotTableSizes(int orders, Path jar, List<String> serverOptions, Path work, Map<String, Object> results) {
        this.orders = orders;
        this.jar = jar;
        this.serverOptions = serverOptions;
        this.work = work;
        this.results = results;
    }

    void run() throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("hot-sizes"));
        Path db = dataDir.resolve("kamishop.db");
        long bulk;
        try (ServerProcess store = ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("hot-prepare.log"))) {
            Api api = new Api(store.baseUrl(), 4);
            api.prepareStore();
            bulk = api.createProduct("Bulk key", 100);
        }
        new ScaleGenerator(db, bulk, orders, 10).generate();
        results.put("hot_sizes_orders", orders);
        results.put("hot_sizes_archive_after_days", DAYS);
        results.put("hot_sizes_before", measure(db, "before"));

        long due = count(
                db,
                "SELECT COUNT(*) FROM orders WHERE status IN ('delivered', 'expired', 'cancelled', 'refunded') "
                        + "AND created_at < " + (System.currentTimeMillis() - Duration.ofDays(DAYS).toMillis())
                        + " AND updated_at < " + (System.currentTimeMillis() - Duration.ofDays(DAYS).toMillis()));
        results.put("hot_sizes_due", due);
        log("%,d final orders older than %d days are due", due, DAYS);
        long t0 = System.nanoTime();
        Map<String, String> env = Map.of(
                "KAMISHOP_ARCHIVE_WARM_AFTER_DAYS",
                Integer.toString(DAYS),
                "KAMISHOP_ARCHIVE_SWEEP_INTERVAL_MILLIS",
                "200");
        try (ServerProcess store =
                ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("hot-archive.log"), env)) {
            long last = -1;
            long lastGrew = System.nanoTime();
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            // Done when everything due has moved, or the archive has not grown for a minute (a batch of 200 orders
            // is one transaction and takes seconds on a loaded machine), or after half an hour.
            while (System.nanoTime() < deadline) {
                Thread.sleep(Duration.ofSeconds(2).toMillis());
                long now = count(db, "SELECT COUNT(*) FROM archived_orders");
                if (now != last) {
                    lastGrew = System.nanoTime();
                    last = now;
                }
                if (now >= due || System.nanoTime() - lastGrew > Duration.ofMinutes(1).toNanos()) {
                    break;
                }
            }
        }
        results.put("hot_sizes_archive_seconds", round((System.nanoTime() - t0) / 1e9, 1));
        results.put("hot_sizes_after", measure(db, "after archiving"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("VACUUM");
        }
        results.put("hot_sizes_after_vacuum", measure(db, "after VACUUM"));
    }

    private static Map<String, Object> measure(Path db, String when) throws Exception {
        Map<String, Object> sizes = new LinkedHashMap<>();
        long hotRows = 0;
        long hotBytes = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            for (String table : concat(HOT, ARCHIVE)) {
                long rows = one(s, "SELECT COUNT(*) FROM " + table);
                long bytes = one(
                        s,
                        "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
                                + "(SELECT name FROM sqlite_master WHERE tbl_name = '" + table + "')");
                sizes.put(table + "_rows", rows);
                sizes.put(table + "_mb", round(bytes / 1e6, 2));
                if (HOT.contains(table)) {
                    hotRows += rows;
                    hotBytes += bytes;
                }
                log("  %-16s %-22s %,12d rows %,10.2f MB", when, table, rows, bytes / 1e6);
            }
            sizes.put("free_pages_mb", round(one(s, "PRAGMA freelist_count") * one(s, "PRAGMA page_size") / 1e6, 2));
        }
        long file = Files.size(db);
        Path wal = db.resolveSibling(db.getFileName() + "-wal");
        long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        sizes.put("hot_rows", hotRows);
        sizes.put("hot_mb", round(hotBytes / 1e6, 2));
        sizes.put("file_mb", round(file / 1e6, 2));
        sizes.put("wal_mb", round(walBytes / 1e6, 2));
        log(
                "%s: hot tables %,d rows, %,.1f MB; file %,.1f MB (+ WAL %,.1f MB); load average %s",
                when, hotRows, hotBytes / 1e6, file / 1e6, walBytes / 1e6, PgBench.loadAverage());
        sizes.put("load_average", PgBench.loadAverage());
        return sizes;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static long count(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
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
