package io.kamishop.bench;

import static io.kamishop.bench.BenchMain.check;
import static io.kamishop.bench.BenchMain.log;
import static io.kamishop.bench.BenchMain.round;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code bench/run --scale[=orders]}: does the store stay fast when it is big? Two stores made the
 * same way through the API (admin user, a "bulk" product, a "fresh" product with real keys); the
 * big one then gets {@code orders} orders over a year (mixed states), ten keys per order on the bulk
 * product, their events, notifications and an audit trail, written by {@link ScaleGenerator}
 * straight into the store's own schema while the store is stopped. Then the same operations, one
 * client, on both: p50 and p99 of each, and big ÷ small at p99.
 */
final class ScaleBench {

    private static final int MAX_REPEATS = 200;
    private static final long MAX_NANOS_PER_OP = Duration.ofSeconds(20).toNanos();
    private static final String ADMIN_USER = "bench-admin";
    private static final String ADMIN_PASSWORD = "bench-admin-password-0123";

    private final int orders;
    private final Path jar;
    private final List<String> serverOptions;
    private final Path work;
    private final Map<String, Object> results;

    ScaleBench(int orders, Path jar, List<String> serverOptions, Path work, Map<String, Object> results) {
        this.orders = orders;
        this.jar = jar;
        this.serverOptions = serverOptions;
        this.work = work;
        this.results = results;
    }

    /** The ids and samples the operations need on one store. */
    private record Store(
            String name, Path dataDir, long bulkProduct, long freshProduct, ScaleGenerator.Samples samples) {}

    void run() throws Exception {
        Store small = prepare("small");
        Store big = prepare("big");
        long t0 = System.nanoTime();
        ScaleGenerator.Samples samples =
                new ScaleGenerator(big.dataDir().resolve("kamishop.db"), big.bulkProduct(), orders, 10).generate();
        double seconds = (System.nanoTime() - t0) / 1e9;
        results.put("scale_orders", orders);
        results.put("scale_keys", 10L * orders);
        results.put("scale_generate_seconds", round(seconds, 1));
        results.put("scale_db_mb", round(Files.size(big.dataDir().resolve("kamishop.db")) / 1e6, 1));
        log(
                "generated %,d orders and %,d keys in %.1f s (database %,.0f MB)",
                orders, 10L * orders, seconds, Files.size(big.dataDir().resolve("kamishop.db")) / 1e6);
        big = new Store(big.name(), big.dataDir(), big.bulkProduct(), big.freshProduct(), samples);
        // The small store gets the same few sample rows an empty store would have: its own orders.
        Map<String, double[]> smallOps = measure(small);
        Map<String, double[]> bigOps = measure(big);
        Map<String, Object> table = new LinkedHashMap<>();
        double worstRatio = 0;
        double adminWorst = 0;
        for (String op : bigOps.keySet()) {
            double[] s = smallOps.get(op);
            double[] b = bigOps.get(op);
            double ratio = b[1] / Math.max(s[1], 0.001);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("small_p50_ms", round(s[0], 2));
            row.put("small_p99_ms", round(s[1], 2));
            row.put("big_p50_ms", round(b[0], 2));
            row.put("big_p99_ms", round(b[1], 2));
            row.put("p99_ratio", round(ratio, 2));
            row.put("runs", (long) b[2]);
            table.put(op, row);
            if (!op.equals("backup")) {
                worstRatio = Math.max(worstRatio, ratio);
            }
            if (op.startsWith("admin_")) {
                adminWorst = Math.max(adminWorst, b[1]);
            }
            log(
                    "  %-28s small p50 %8.2f p99 %8.2f | big p50 %8.2f p99 %8.2f ms | p99 ratio %6.2f",
                    op, s[0], s[1], b[0], b[1], ratio);
        }
        results.put("scale_ops", table);
        results.put("scale_worst_p99_ratio", round(worstRatio, 2));
        results.put("scale_admin_worst_p99_ms", round(adminWorst, 2));
    }

    /** A store with an admin user, the bulk product and the fresh product (real keys), then stopped. */
    private Store prepare(String name) throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("scale-" + name));
        try (ServerProcess store =
                ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("scale-" + name + "-prepare.log"))) {
            Api api = new Api(store.baseUrl(), 4);
            api.prepareStore();
            api.expect(
                    api.send(api.admin("/api/admin/users")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"" + ADMIN_USER + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))),
                    201);
            long bulk = api.createProduct("Bulk key", 100);
            long fresh = api.createProduct("Fresh key", 100);
            api.importKeys(
                    fresh,
                    IntStream.range(0, 3000)
                            .mapToObj(i -> "FRESH-" + i + "-" + BenchMain.randomCode(12))
                            .toList());
            // A few orders of its own, so the small store's searches find something.
            List<Api.Placed> placed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Api.Placed p = api.order(fresh).orElseThrow();
                check(api.notifyPaid(p, "S-" + p.orderNo()), "could not pay " + p.orderNo());
                placed.add(p);
            }
            Api.Placed sample = placed.get(10);
            return new Store(
                    name,
                    dataDir,
                    bulk,
                    fresh,
                    new ScaleGenerator.Samples(sample.orderNo(), "buyer@example.com", 0, System.currentTimeMillis()));
        }
    }

    private Map<String, double[]> measure(Store s) throws Exception {
        Map<String, double[]> ops = new LinkedHashMap<>() {
            @Override
            public double[] put(String op, double[] p) {
                log("  %s store, %-28s p50 %8.2f ms, p99 %8.2f ms (%d runs)", s.name(), op, p[0], p[1], (long) p[2]);
                return super.put(op, p);
            }
        };
        try (ServerProcess store =
                ServerProcess.kamishop(jar, s.dataDir(), serverOptions, work.resolve("scale-" + s.name() + ".log"))) {
            log("%s store started in %d ms; load average %s", s.name(), store.startupMillis(), PgBench.loadAverage());
            results.put("scale_startup_ms_" + s.name(), store.startupMillis());
            Api api = new Api(store.baseUrl(), 4);
            Admin admin = new Admin(store.baseUrl());
            ScaleGenerator.Samples sm = s.samples();
            long midId = sm.middleOrderId() > 0 ? sm.middleOrderId() : Long.MAX_VALUE;
            LocalDate day = Instant.ofEpochMilli(sm.middleCreatedAt())
                    .atZone(ZoneOffset.UTC)
                    .toLocalDate();
            ops.put("admin_search_order_no", time(() -> admin.page("/admin/orders?q=" + enc(sm.orderNo()))));
            ops.put("admin_search_email", time(() -> admin.page("/admin/orders?q=" + enc(sm.email()))));
            ops.put("admin_search_status_refunded", time(() -> admin.page("/admin/orders?status=refunded")));
            ops.put("admin_search_status_paid", time(() -> admin.page("/admin/orders?status=paid")));
            ops.put("admin_orders_page_middle", time(() -> admin.page("/admin/orders?before=" + midId)));
            ops.put(
                    "admin_orders_csv_one_day",
                    time(() -> api.expectText(
                            api.send(api.admin("/api/admin/orders.csv?from=" + day + "&to=" + day.plusDays(1))
                                    .GET()))));
            ops.put("admin_dashboard", time(() -> admin.page("/admin")));
            ops.put("admin_product_page", time(() -> admin.page("/admin/products/" + s.bulkProduct())));
            // Not the key list page: it opens the keys it masks, and the generated keys' sealed bytes are random.
            ops.put("api_product_stock", time(() -> api.stock(s.bulkProduct())));
            ops.put(
                    "product_page",
                    time(() -> api.expectText(
                            api.send(api.request("/products/" + s.bulkProduct()).GET()))));
            List<Api.Placed> mine = new ArrayList<>();
            ops.put("place_and_pay", time(() -> {
                Api.Placed p = api.order(s.freshProduct()).orElseThrow();
                check(api.notifyPaid(p, "P-" + p.orderNo()), "not paid");
                mine.add(p);
                return p;
            }));
            ops.put("buyer_lookup", time(() -> api.lookup(mine.get(mine.size() / 2))));
            ops.put("expiry_sweep_query", time(() -> sweepQuery(s.dataDir())));
            ops.put(
                    "key_import_1000_dedupe",
                    time(() -> api.importKeys(
                            s.bulkProduct(),
                            IntStream.range(0, 1000)
                                    .mapToObj(i -> "IMP-" + BenchMain.randomCode(20))
                                    .toList())));
            ops.put("backup", timeFew(3, () -> backup(s.dataDir())));
        }
        return ops;
    }

    /** The expiry sweeper's query (OrderDao/pendingExpiredBy.sql) on the store's file, as the sweeper runs it. */
    private static Object sweepQuery(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kamishop.db"));
                PreparedStatement q = c.prepareStatement(
                        "SELECT id FROM orders WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at LIMIT 200")) {
            q.setLong(1, System.currentTimeMillis());
            int n = 0;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }

    private Object backup(Path dataDir) throws Exception {
        Path out = work.resolve("backup-" + System.nanoTime() + ".tar");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        "backup",
                        "--out",
                        out.toString(),
                        "--data-dir",
                        dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("backup.log").toFile())
                .start();
        check(p.waitFor() == 0, "backup failed, see " + work.resolve("backup.log"));
        Files.deleteIfExists(out);
        return null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** p50, p99 (ms) and the number of runs: a warm-up of 3, then until 200 runs or 20 s. */
    private static double[] time(Callable<Object> op) throws Exception {
        for (int i = 0; i < 3; i++) {
            op.call();
        }
        List<Long> nanos = new ArrayList<>();
        long started = System.nanoTime();
        while (nanos.size() < MAX_REPEATS && (nanos.size() < 10 || System.nanoTime() - started < MAX_NANOS_PER_OP)) {
            long t0 = System.nanoTime();
            op.call();
            nanos.add(System.nanoTime() - t0);
        }
        return percentiles(nanos);
    }

    private static double[] timeFew(int n, Callable<Object> op) throws Exception {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            op.call();
            nanos.add(System.nanoTime() - t0);
        }
        return percentiles(nanos);
    }

    private static double[] percentiles(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {at(sorted, 50), at(sorted, 99), sorted.length};
    }

    private static double at(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** An admin signed in to the web pages (session cookie), as a merchant's browser is. */
    private static final class Admin {
        private final HttpClient client;
        private final String base;

        Admin(String base) throws IOException, InterruptedException {
            this.base = base;
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String form = "username=" + enc(ADMIN_USER) + "&password=" + enc(ADMIN_PASSWORD);
            HttpResponse<String> login = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            check(login.statusCode() == 303, "admin login answered " + login.statusCode() + ": " + login.body());
        }

        String page(String path) throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(120))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            check(r.statusCode() == 200, "GET " + path + " answered " + r.statusCode());
            return r.body();
        }
    }
}
