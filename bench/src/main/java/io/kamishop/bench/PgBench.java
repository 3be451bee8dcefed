package io.kamishop.bench;

import static io.kamishop.bench.BenchMain.check;
import static io.kamishop.bench.BenchMain.log;
import static io.kamishop.bench.BenchMain.round;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * {@code bench/run --pg}: payment delivery on PostgreSQL. Three numbers from one run:
 * <ul>
 *   <li>the raw ceiling: the store's delivery transaction in plain JDBC (as {@link RawCeiling}), one
 *       transaction per delivery, 64 callers on as many connections as the store has at the database;</li>
 *   <li>one store node: the same 64 callers' signed notifications over HTTP (two wrk processes, 32
 *       connections each);</li>
 *   <li>two nodes on the same database: the same generator, one wrk process per node.</li>
 * </ul>
 * {@code pg_delivery_ratio} = one node ÷ raw, {@code pg_two_node_ratio} = two nodes ÷ one node,
 * with the CPU each process used. Each store lives in a fresh schema of the server at
 * {@code BENCH_PG_URL} (default the machine's {@code 127.0.0.1:5432/test}), dropped afterwards.
 */
final class PgBench {

    static final String SERVER_URL =
            System.getenv().getOrDefault("BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final int CLIENTS = 64;
    private static final int POOL_PER_NODE = 16; // Database.open: the store's pool on PostgreSQL
    private static final int WARM_UP_ROUND = 1000;
    /** Orders placed over HTTP before the floods, to measure placing; the others are written by {@link ScaleGenerator}. */
    private static final int HTTP_PLACED = 2000;

    private final BenchMain.Sizes sizes;
    private final Path jar;
    private final List<String> serverOptions;
    private final Path work;
    private final Map<String, Object> results;

    PgBench(BenchMain.Sizes sizes, Path jar, List<String> serverOptions, Path work, Map<String, Object> results) {
        this.sizes = sizes;
        this.jar = jar;
        this.serverOptions = serverOptions;
        this.work = work;
        this.results = results;
    }

    void run() throws Exception {
        results.put("pg_server", SERVER_URL.replaceAll("\\?.*", ""));
        results.put("pg_version", query("SHOW server_version"));
        results.put(
                "pg_settings",
                "synchronous_commit=" + query("SHOW synchronous_commit") + ", commit_delay="
                        + query("SHOW commit_delay") + ", max_connections=" + query("SHOW max_connections"));
        int flood = sizes.deliveries();
        String schema = createSchema();
        String url = SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        Map<String, String> env = Map.of(
                "KAMISHOP_DB_URL",
                url,
                "KAMISHOP_MASTER_KEY",
                Base64.getEncoder().encodeToString(masterKey));
        try (ServerProcess a = ServerProcess.kamishop(
                jar,
                Files.createDirectories(work.resolve("pg-node-a")),
                serverOptions,
                work.resolve("pg-node-a.log"),
                env)) {
            results.put("pg_startup_ms", a.startupMillis());
            log("PostgreSQL store, node A started in %d ms (schema %s)", a.startupMillis(), schema);
            Api apiA = new Api(a.baseUrl(), CLIENTS);
            apiA.prepareStore();
            long product = apiA.createProduct("PG bench key", 100);
            int warmUpMax = sizes.warmUp() / 2;
            // Each warm-up runs at least three rounds (the most it runs, see warmUp): keys for all of them.
            int steadyCount = sizes.callbackRate() * sizes.callbackSeconds();
            int total = 2 * flood + steadyCount + 2 * WARM_UP_ROUND * Math.max(3, warmUpMax / WARM_UP_ROUND) + 1000;
            List<String> keys = IntStream.range(0, total)
                    .mapToObj(i -> "PG-" + i + "-" + BenchMain.randomCode(12))
                    .toList();
            for (int from = 0; from < keys.size(); from += 50_000) {
                apiA.importKeys(product, keys.subList(from, Math.min(keys.size(), from + 50_000)));
            }
            int warmed = warmUp("node A", apiA, product, 3, warmUpMax / WARM_UP_ROUND);

            // Placing over HTTP is measured on a slice (pg_orders_placed_per_s); the rest of the orders the floods pay
            // are written straight into the schema, as placement writes them (40,000 over HTTP took minutes).
            int overHttp = Math.min(HTTP_PLACED, flood);
            log("placing %d orders over HTTP on node A, %d clients", overHttp, CLIENTS);
            ConcurrentLinkedQueue<Api.Placed> queue = new ConcurrentLinkedQueue<>();
            Load.Result placing = Load.closedLoop(
                    CLIENTS,
                    IntStream.range(0, overHttp).boxed().toList(),
                    i -> apiA.order(product).map(queue::add).orElse(false));
            check(placing.failed() == 0, placing.failed() + " orders were not placed");
            results.put("pg_orders_placed_per_s", round(placing.perSecond()));
            results.put("pg_orders_placed_over_http", overHttp);
            log("  %.0f orders/s; load average %s", placing.perSecond(), loadAverage());
            long generating = System.nanoTime();
            List<Api.Placed> placed = new ArrayList<>();
            long amount = queue.peek().amount();
            for (String orderNo : ScaleGenerator.pendingOrders(url, product, 2 * flood - overHttp)) {
                placed.add(new Api.Placed(orderNo, "", amount));
            }
            // The HTTP-placed ones last: the sample looked up at the end (with its token) is one of them.
            placed.addAll(queue);
            List<Api.Placed> steady = new ArrayList<>();
            for (String orderNo : ScaleGenerator.pendingOrders(url, product, steadyCount)) {
                steady.add(new Api.Placed(orderNo, "", amount));
            }
            log(
                    "wrote %d more pending orders into the schema in %d ms",
                    2 * flood - overHttp, (System.nanoTime() - generating) / 1_000_000);

            double rawBefore = rawCeiling("before", List.of(a));

            Flood one = flood("one node", List.of(a, a), placed.subList(0, flood));
            results.put("pg_one_node_deliveries_per_s", round(one.rate()));
            results.put("pg_one_node_cpu_us_per_delivery", one.cpuPerDelivery(flood));
            // The tail on PostgreSQL (target p99 <= 10 ms at 200/s): node A alone, as on SQLite.
            int steadyPaid = SteadyCallbacks.measure(
                    apiA, steady, one.rate(), sizes.callbackRate(), sizes.callbackSeconds(), "pg_", results);

            double rate2;
            try (ServerProcess b = ServerProcess.kamishop(
                    jar,
                    Files.createDirectories(work.resolve("pg-node-b")),
                    serverOptions,
                    work.resolve("pg-node-b.log"),
                    env)) {
                log("node B started in %d ms on the same schema", b.startupMillis());
                Api apiB = new Api(b.baseUrl(), CLIENTS);
                // Node B's JIT must be as warm as A's: rounds of purchases through B until steady.
                warmed += warmUp("node B", apiB, product, 3, warmUpMax / WARM_UP_ROUND);
                Flood two = flood("two nodes", List.of(a, b), placed.subList(flood, 2 * flood));
                rate2 = two.rate();
                results.put("pg_two_node_deliveries_per_s", round(rate2));
                results.put("pg_two_node_cpu_us_per_delivery", two.cpuPerDelivery(flood));
            }
            double rawAfter = rawCeiling("after", List.of(a));
            auditChainDiagnosis();
            double raw = (rawBefore + rawAfter) / 2;
            results.put("pg_raw_deliveries_per_s", round(raw));
            results.put("pg_raw_deliveries_per_s_before_after", List.of(round(rawBefore), round(rawAfter)));
            results.put("pg_delivery_ratio", round(one.rate() / raw, 3));
            results.put("pg_two_node_ratio", round(rate2 / one.rate(), 3));
            log(
                    "pg_delivery_ratio %.3f (%.0f / %.0f), pg_two_node_ratio %.3f (%.0f / %.0f)",
                    one.rate() / raw, one.rate(), raw, rate2 / one.rate(), rate2, one.rate());

            JsonNode stock = apiA.stock(product);
            long paid = 2L * flood + steadyPaid + warmed;
            check(stock.get("sold").asLong() == paid, "sold " + stock.get("sold") + " keys, expected " + paid);
            Api.Placed sample = placed.get(placed.size() - 1);
            JsonNode looked = apiA.lookup(sample);
            check(
                    looked.get("status").asText().equals("delivered")
                            && looked.get("keys").size() == 1,
                    "order " + sample.orderNo() + " is not delivered with its key: " + looked);
        } finally {
            dropSchema(schema);
        }
    }

    private int warmUp(String node, Api api, long product, int minRounds, int maxRounds) throws Exception {
        log("warm-up of %s: rounds of %d purchases, not timed, until two agree within 10%%", node, WARM_UP_ROUND);
        List<Long> rates =
                BenchMain.roundsUntilSteady(minRounds, Math.max(minRounds, maxRounds), "purchases/s", round -> {
                    Load.Result warm = Load.closedLoop(
                            CLIENTS,
                            IntStream.range(0, WARM_UP_ROUND).boxed().toList(),
                            i -> api.order(product)
                                    .map(o -> api.notifyPaid(o, "W-" + o.orderNo()))
                                    .orElse(false));
                    check(warm.failed() == 0, warm.failed() + " warm-up purchases failed");
                    return warm;
                });
        results.put("pg_warm_up_rates_per_s_" + node.replace(' ', '_').toLowerCase(), rates);
        return rates.size() * WARM_UP_ROUND;
    }

    /** What one flood measured: deliveries per second and CPU (ms) of each store node, PostgreSQL and wrk. */
    private record Flood(double rate, List<Long> nodeCpu, long postgresCpu, long generatorCpu, long wallMillis) {
        Map<String, Object> cpuPerDelivery(int n) {
            Map<String, Object> cpu = new java.util.LinkedHashMap<>();
            for (int i = 0; i < nodeCpu.size(); i++) {
                cpu.put("store_node_" + (char) ('a' + i), round(nodeCpu.get(i) * 1000.0 / n));
            }
            cpu.put("postgres_all_backends", round(postgresCpu * 1000.0 / n));
            cpu.put("wrk", round(generatorCpu * 1000.0 / n));
            cpu.put("wall_ms", wallMillis);
            return cpu;
        }
    }

    /** Pays {@code orders} with signed notifications spread over {@code nodes} (the same node twice = one node). */
    private Flood flood(String name, List<ServerProcess> nodes, List<Api.Placed> orders) throws Exception {
        List<ServerProcess> distinct = nodes.stream().distinct().toList();
        log(
                "%s: paying %d orders, signed notifications, %d connections over %d wrk processes; load average %s",
                name, orders.size(), CLIENTS, nodes.size(), loadAverage());
        List<Long> cpu0 = new ArrayList<>();
        for (ServerProcess node : distinct) {
            cpu0.add(node.cpuMillis());
        }
        long pg0 = postgresCpuMillis();
        AtomicLong wrkCpu = new AtomicLong();
        String load = loadAverage();
        Load.Result result = WrkNotifications.send(
                nodes.stream().map(ServerProcess::baseUrl).toList(),
                orders,
                order -> "T-" + order.orderNo(),
                CLIENTS,
                work,
                wrkCpu);
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            cpu.add(distinct.get(i).cpuMillis() - cpu0.get(i));
        }
        long pg = postgresCpuMillis() - pg0;
        check(result.failed() == 0, result.failed() + " notifications were not answered success");
        Flood flood = new Flood(result.perSecond(), cpu, pg, wrkCpu.get(), Math.round(result.elapsedNanos() / 1e6));
        results.put("pg_load_average_" + name.replace(' ', '_'), load + " -> " + loadAverage());
        log("  %.0f deliveries/s; CPU per delivery %s", result.perSecond(), flood.cpuPerDelivery(orders.size()));
        return flood;
    }

    /**
     * The raw ceiling, at the store's connection count for one node (16) and for two (32); the higher
     * one counts, so neither the pool size nor the second node's connections flatter the ratio.
     */
    private double rawCeiling(String when, List<ServerProcess> idle) throws Exception {
        double best = 0;
        for (int connections : List.of(POOL_PER_NODE, 2 * POOL_PER_NODE)) {
            String schema = createSchema();
            try {
                String url = SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                long cpu0 = ServerProcess.ownCpuMillis();
                String load = loadAverage();
                Load.Result raw = RawCeiling.runPostgres(url, sizes.rawDeliveries(), CLIENTS, connections);
                check(raw.failed() == 0, raw.failed() + " raw deliveries failed");
                long cpu = ServerProcess.ownCpuMillis() - cpu0;
                // Only the JVM's CPU: the raw backends have ended (their CPU gone from /proc) by the time it is read.
                log(
                        "raw JDBC ceiling on PostgreSQL (%s, %d connections): %.0f deliveries/s; JVM CPU per delivery %.0f µs "
                                + "(seeding and migrations included); load average %s",
                        when, connections, raw.perSecond(), cpu * 1000.0 / sizes.rawDeliveries(), load);
                results.put("pg_raw_" + when + "_" + connections + "_connections_per_s", round(raw.perSecond()));
                best = Math.max(best, raw.perSecond());
            } finally {
                dropSchema(schema);
            }
        }
        return best;
    }

    /**
     * Why the store is below the ceiling: the same raw transaction plus the store's two audit-chain
     * entries (one head row every order transaction updates just before it commits).
     */
    private void auditChainDiagnosis() throws Exception {
        String schema = createSchema();
        try {
            String url = SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            Load.Result raw = RawCeiling.runPostgres(url, sizes.rawDeliveries(), CLIENTS, POOL_PER_NODE, true);
            check(raw.failed() == 0, raw.failed() + " raw deliveries with the audit chain failed");
            results.put("pg_raw_with_audit_chain_per_s", round(raw.perSecond()));
            log(
                    "diagnosis: the raw transaction plus the audit chain's head row, 16 connections: %.0f deliveries/s; load average %s",
                    raw.perSecond(), loadAverage());
        } finally {
            dropSchema(schema);
        }
    }

    static String createSchema() throws SQLException {
        String schema = "kbench_" + HexFormat.of().formatHex(SecureRandom.getSeed(4));
        try (Connection c = DriverManager.getConnection(SERVER_URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(SERVER_URL);
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    + "AND application_name LIKE '%" + schema + "%'");
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            log("  could not drop schema %s: %s", schema, e.getMessage());
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER_URL);
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** CPU of every postgres process on the machine (other users' sessions included), in ms. */
    static long postgresCpuMillis() throws IOException {
        long total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (Files.readString(p.resolve("comm")).trim().startsWith("postgres")) {
                        total += ServerProcess.cpuMillis(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        }
        return total;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
