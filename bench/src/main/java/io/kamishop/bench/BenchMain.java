package io.kamishop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * Runs every scenario once and reports. Each ratio divides two numbers measured in this run on this
 * machine, so a noisy neighbour moves both sides. Arguments:
 * {@code --quick|--full --jar app/target/kamishop.jar --out bench/results [--server-opts "..."]}.
 */
public final class BenchMain {

    /** How big each scenario is. */
    /** {@code warmUp}: the most purchases the warm-up may take before the timed phases (see {@link #warmUp}). */
    record Sizes(
            String mode,
            int deliveries,
            int callbackRate,
            int callbackSeconds,
            int e2e,
            int raceKeys,
            int raceBuyers,
            int importKeys,
            int rawDeliveries,
            int naiveKeys,
            int renderSeconds,
            boolean jmh,
            int warmUp) {
        static Sizes quick() {
            return new Sizes("quick", 4000, 200, 20, 400, 100, 200, 200_000, 4000, 500, 8, false, 12_000);
        }

        static Sizes full() {
            return new Sizes("full", 20_000, 200, 30, 5000, 300, 600, 1_000_000, 20_000, 2000, 20, true, 24_000);
        }
    }

    private static final int CLIENTS = 64;
    private static final int WARM_UP_ROUND = 2000;

    private final Sizes sizes;
    private final Path jar;
    private final Path out;
    private final List<String> serverOptions;
    private final Path work;
    private final Map<String, Object> results = new LinkedHashMap<>();

    private BenchMain(Sizes sizes, Path jar, Path out, List<String> serverOptions) throws IOException {
        this.sizes = sizes;
        this.jar = jar;
        this.out = out;
        this.serverOptions = serverOptions;
        this.work = Files.createTempDirectory("kamishop-bench");
    }

    public static void main(String[] args) throws Exception {
        Sizes sizes = Sizes.full();
        Path jar = Path.of("app/target/kamishop.jar");
        Path out = Path.of("bench/results");
        List<String> serverOptions = List.of();
        String scenario = "sqlite";
        int scaleOrders = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> sizes = Sizes.quick();
                case "--full" -> sizes = Sizes.full();
                case "--pg" -> scenario = "pg";
                case "--jar" -> jar = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--server-opts" ->
                    serverOptions = Arrays.stream(args[++i].trim().split("\\s+"))
                            .filter(s -> !s.isEmpty())
                            .toList();
                default -> {
                    if (args[i].startsWith("--hot-sizes-pg")) {
                        scenario = "hot-sizes-pg";
                        scaleOrders = args[i].contains("=")
                                ? Integer.parseInt(args[i].substring(args[i].indexOf('=') + 1)
                                        .replace("_", ""))
                                : 100_000;
                    } else if (args[i].startsWith("--hot-sizes") || args[i].startsWith("--csv-export")) {
                        scenario = args[i].startsWith("--hot-sizes") ? "hot-sizes" : "csv-export";
                        scaleOrders = args[i].contains("=")
                                ? Integer.parseInt(args[i].substring(args[i].indexOf('=') + 1)
                                        .replace("_", ""))
                                : 100_000;
                    } else if (args[i].startsWith("--scale")) {
                        scenario = "scale";
                        scaleOrders = args[i].contains("=")
                                ? Integer.parseInt(args[i].substring(args[i].indexOf('=') + 1)
                                        .replace("_", ""))
                                : 1_000_000;
                    } else {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                }
            }
        }
        BenchMain bench = new BenchMain(sizes, jar, out, serverOptions);
        switch (scenario) {
            case "pg" -> bench.runPostgres();
            case "scale" -> bench.runScale(scaleOrders);
            case "hot-sizes" -> bench.runHotSizes(scaleOrders, false);
            case "hot-sizes-pg" -> bench.runHotSizes(scaleOrders, true);
            case "csv-export" -> bench.runCsvExport(scaleOrders);
            default -> bench.run();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        results.put("mode", sizes.mode());
        results.put("load_generator_http", "java-httpclient, " + CLIENTS + " platform threads");
        results.put("load_generator_get", Render.generator());
        results.put(
                "load_generator_notify",
                Render.wrkAvailable()
                        ? WrkNotifications.generator(CLIENTS)
                        : "java-httpclient, " + CLIENTS + " platform threads");
        results.put("server_jvm_options", String.join(" ", serverOptions));
        results.put("server_malloc_arena_max", String.valueOf(System.getenv("MALLOC_ARENA_MAX")));
        naiveRace();
        rawWarmUp();
        storeUnderLoad();
        importAndRestart();
        if (sizes.jmh()) {
            microBenchmarks();
        }
        report();
    }

    /** {@code --pg}: delivery on PostgreSQL, raw ceiling, one node and two nodes (see {@link PgBench}). */
    private void runPostgres() throws Exception {
        results.put("mode", "pg-" + sizes.mode());
        results.put("load_average_at_start", PgBench.loadAverage());
        results.put("load_generator_notify", "wrk, " + CLIENTS + " connections over 2 processes");
        results.put("server_jvm_options", String.join(" ", serverOptions));
        new PgBench(sizes, jar, serverOptions, work, results).run();
        results.put("load_average_at_end", PgBench.loadAverage());
        report();
    }

    /** {@code --scale[=orders]}: the same admin and buyer operations on an empty store and a big one (see {@link ScaleBench}). */
    private void runScale(int orders) throws Exception {
        results.put("mode", "scale-" + orders);
        results.put("load_average_at_start", PgBench.loadAverage());
        results.put("server_jvm_options", String.join(" ", serverOptions));
        new ScaleBench(orders, jar, serverOptions, work, results).run();
        results.put("load_average_at_end", PgBench.loadAverage());
        report();
    }

    /**
     * {@code --hot-sizes[=orders]} and {@code --hot-sizes-pg[=orders]}: the hot tables' rows and bytes before and
     * after archiving, on SQLite or PostgreSQL (see {@link HotTableSizes}).
     */
    private void runHotSizes(int orders, boolean postgres) throws Exception {
        results.put("mode", (postgres ? "hot-sizes-pg-" : "hot-sizes-") + orders);
        results.put("load_average_at_start", PgBench.loadAverage());
        results.put("server_jvm_options", String.join(" ", serverOptions));
        new HotTableSizes(orders, jar, serverOptions, work, results, postgres).run();
        results.put("load_average_at_end", PgBench.loadAverage());
        report();
    }

    /** {@code --csv-export[=orders]}: the orders CSV of a big store from a small heap (see {@link CsvExportBench}). */
    private void runCsvExport(int orders) throws Exception {
        results.put("mode", "csv-export-" + orders);
        results.put("load_average_at_start", PgBench.loadAverage());
        results.put("server_jvm_options", String.join(" ", serverOptions));
        new CsvExportBench(orders, jar, serverOptions, work, results).run();
        results.put("load_average_at_end", PgBench.loadAverage());
        report();
    }

    private void naiveRace() throws Exception {
        log("naive select-then-update delivery, %d keys, 16 threads", sizes.naiveKeys());
        NaiveRace.Outcome naive = NaiveRace.run(Files.createDirectories(work.resolve("naive")), sizes.naiveKeys(), 16);
        results.put("naive_deliveries", naive.deliveries());
        results.put("naive_duplicates", naive.duplicatedKeys());
        log(
                "  %d deliveries of %d keys, %d keys delivered more than once",
                naive.deliveries(), sizes.naiveKeys(), naive.duplicatedKeys());
    }

    /**
     * The ceiling runs in this JVM: its code is compiled like the store's, so it is warmed up like the
     * store (rounds until two in a row agree within 10%, at least two) before it is measured. A
     * cold first measurement had been half the warm one and made the ratio flattering.
     */
    private void rawWarmUp() throws Exception {
        log(
                "raw JDBC ceiling warm-up: rounds of %d delivery transactions, not timed, until two agree within 10%%",
                sizes.rawDeliveries());
        List<Long> rates = roundsUntilSteady(2, 8, "deliveries/s", round -> {
            Load.Result raw = RawCeiling.run(
                    Files.createDirectories(work.resolve("raw-warm-" + round)), sizes.rawDeliveries(), CLIENTS);
            check(raw.failed() == 0, raw.failed() + " raw deliveries failed");
            return raw;
        });
        results.put("raw_warm_up_rates_per_s", rates);
    }

    /** One measurement of the ceiling; {@link #storeUnderLoad} takes a second one right after the HTTP deliveries. */
    private double rawCeiling(String name, ServerProcess store) throws Exception {
        log("raw JDBC ceiling (%s): %d delivery transactions, %d threads", name, sizes.rawDeliveries(), CLIENTS);
        long storeCpu0 = store.cpuMillis();
        long cpu0 = ServerProcess.ownCpuMillis();
        Load.Result raw =
                RawCeiling.run(Files.createDirectories(work.resolve("raw-" + name)), sizes.rawDeliveries(), CLIENTS);
        long cpu = ServerProcess.ownCpuMillis() - cpu0;
        long storeCpu = store.cpuMillis() - storeCpu0;
        check(raw.failed() == 0, raw.failed() + " raw deliveries failed");
        // The store idles meanwhile; its CPU over the measurement says whether it really did.
        log(
                "  %.0f deliveries/s, %.0f µs CPU per delivery (wall %.0f ms; the idle store used %d ms CPU meanwhile)",
                raw.perSecond(), cpu * 1000.0 / sizes.rawDeliveries(), raw.elapsedNanos() / 1e6, storeCpu);
        return raw.perSecond();
    }

    private void storeUnderLoad() throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("store"));
        try (ServerProcess store = ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("store.log"))) {
            results.put("startup_ms", store.startupMillis());
            log("store started in %d ms (fresh data dir), pid %d", store.startupMillis(), store.pid());
            Api api = new Api(store.baseUrl(), CLIENTS);
            api.prepareStore();

            int callbackCount = sizes.callbackRate() * sizes.callbackSeconds();
            int total = sizes.deliveries() + callbackCount + sizes.e2e() + sizes.warmUp();
            long product = api.createProduct("Bench key", 100);
            List<String> keys = IntStream.range(0, total + 1000)
                    .mapToObj(i -> "BENCH-" + i + "-" + randomCode(12))
                    .toList();
            for (int from = 0; from < keys.size(); from += 50_000) {
                api.importKeys(product, keys.subList(from, Math.min(keys.size(), from + 50_000)));
            }

            int warmedUp = warmUp(api, product);
            log("placing %d orders over HTTP, %d clients", sizes.deliveries() + callbackCount, CLIENTS);
            ConcurrentLinkedQueue<Api.Placed> placedQueue = new ConcurrentLinkedQueue<>();
            Load.Result placing = Load.closedLoop(
                    CLIENTS,
                    IntStream.range(0, sizes.deliveries() + callbackCount)
                            .boxed()
                            .toList(),
                    i -> api.order(product).map(placedQueue::add).orElse(false));
            check(placing.failed() == 0, placing.failed() + " orders were not placed");
            results.put("orders_placed_per_s", round(placing.perSecond()));
            log("  %.0f orders/s", placing.perSecond());
            List<Api.Placed> placed = new ArrayList<>(placedQueue);
            List<Api.Placed> flood = placed.subList(0, sizes.deliveries());
            List<Api.Placed> steady = placed.subList(sizes.deliveries(), placed.size());

            double rawBeforeDeliveries = rawCeiling("before", store);
            log("paying %d orders: signed notifications over HTTP, %d clients", flood.size(), CLIENTS);
            long serverCpu0 = store.cpuMillis();
            long clientCpu0 = ServerProcess.ownCpuMillis();
            Load.Result delivering = Render.wrkAvailable()
                    ? WrkNotifications.send(store.baseUrl(), flood, order -> "T-" + order.orderNo(), CLIENTS, work)
                    : Load.closedLoop(CLIENTS, flood, order -> api.notifyPaid(order, "T-" + order.orderNo()));
            long serverCpu = store.cpuMillis() - serverCpu0;
            long clientCpu = ServerProcess.ownCpuMillis() - clientCpu0;
            check(delivering.failed() == 0, delivering.failed() + " notifications were not answered success");
            // The ceiling is measured just before and just after the HTTP deliveries (the store idles
            // meanwhile) and averaged: on a shared machine the load moves within a minute.
            double rawAfter = rawCeiling("after", store);
            double rawRate = (rawBeforeDeliveries + rawAfter) / 2;
            results.put("raw_deliveries_per_s", round(rawRate));
            results.put("raw_deliveries_per_s_before_after", List.of(round(rawBeforeDeliveries), round(rawAfter)));
            results.put("deliveries_per_s", round(delivering.perSecond()));
            results.put("delivery_ratio", round(delivering.perSecond() / rawRate, 3));
            log(
                    "  %.0f deliveries/s, ratio %.2f to raw JDBC",
                    delivering.perSecond(), delivering.perSecond() / rawRate);
            // Where the two cores went: CPU per delivery of the store and of the load generator (this JVM).
            results.put("delivery_server_cpu_us", round(serverCpu * 1000.0 / flood.size()));
            results.put("delivery_generator_cpu_us", round(clientCpu * 1000.0 / flood.size()));
            results.put("delivery_wall_cpu_ms", List.of(round(delivering.elapsedNanos() / 1e6), serverCpu, clientCpu));
            log(
                    "  CPU per delivery: store %.0f µs, load generator %.0f µs (wall %.0f ms)",
                    serverCpu * 1000.0 / flood.size(),
                    clientCpu * 1000.0 / flood.size(),
                    delivering.elapsedNanos() / 1e6);

            int steadyPaid = SteadyCallbacks.measure(
                    api, steady, delivering.perSecond(), sizes.callbackRate(), sizes.callbackSeconds(), "", results);

            log("end to end: %d buyers place and pay, %d clients", sizes.e2e(), CLIENTS);
            Load.Result e2e = Load.closedLoop(
                    CLIENTS,
                    IntStream.range(0, sizes.e2e()).boxed().toList(),
                    i -> api.order(product)
                            .map(o -> api.notifyPaid(o, "E-" + o.orderNo()))
                            .orElse(false));
            check(e2e.failed() == 0, e2e.failed() + " end-to-end purchases failed");
            results.put("e2e_orders_per_s", round(e2e.perSecond()));
            results.put("e2e_ratio", round(e2e.perSecond() / rawRate, 3));
            log("  %.0f paid orders/s (place + pay)", e2e.perSecond());

            JsonNode stock = api.stock(product);
            long paid = (long) flood.size() + steadyPaid + sizes.e2e() + warmedUp;
            check(stock.get("sold").asLong() == paid, "sold " + stock.get("sold") + " keys, expected " + paid);
            Api.Placed sample = placed.get(placed.size() / 2);
            JsonNode looked = api.lookup(sample);
            check(
                    looked.get("status").asText().equals("delivered")
                            && looked.get("keys").size() == 1,
                    "order " + sample.orderNo() + " is not delivered with its key: " + looked);

            race(api);
            render(store, api);
            results.put("rss_mb", round(store.peakRssMb(), 1));
            log("server peak RSS (VmHWM) %.1f MB", store.peakRssMb());
        }
    }

    /**
     * Brings the store to its steady state before anything is timed, as a server that has run for a
     * while is: a few thousand purchases let the JIT finish compiling the order and payment paths
     * (the C2 compiler alone took 40% of the server's CPU in the first minute of load).
     */
    /**
     * Brings the store to a steady state before anything is timed: rounds of purchases (place + pay)
     * until two rounds in a row run within 10% of each other, at least three rounds and at most
     * {@code sizes.warmUp()} purchases. The JIT needs it: in the first minute of load the C2 compiler
     * took over half of the server's CPU (-XX:+CITime: 59 s of compile time in a 70 s run), so
     * anything timed then measures the compiler. Returns the purchases made.
     */
    private int warmUp(Api api, long product) throws Exception {
        log(
                "warm-up: rounds of %d purchases (place + pay), %d clients, not timed, until two rounds agree within 10%%",
                WARM_UP_ROUND, CLIENTS);
        List<Long> rates = roundsUntilSteady(3, sizes.warmUp() / WARM_UP_ROUND, "purchases/s", round -> {
            List<Integer> n = IntStream.range(0, WARM_UP_ROUND).boxed().toList();
            Load.Result warm = Load.closedLoop(
                    CLIENTS,
                    n,
                    i -> api.order(product)
                            .map(o -> api.notifyPaid(o, "W-" + o.orderNo()))
                            .orElse(false));
            check(warm.failed() == 0, warm.failed() + " warm-up purchases failed");
            return warm;
        });
        int made = rates.size() * WARM_UP_ROUND;
        results.put("warm_up_purchases", made);
        results.put("warm_up_rates_per_s", rates);
        return made;
    }

    /** One warm-up round, the {@code round}-th from 0. */
    interface Round {
        Load.Result run(int round) throws Exception;
    }

    /**
     * Runs rounds until two in a row agree within 10%: at least {@code minRounds}, at most
     * {@code maxRounds}. Returns each round's rate per second, in order.
     */
    static List<Long> roundsUntilSteady(int minRounds, int maxRounds, String unit, Round round) throws Exception {
        List<Long> rates = new ArrayList<>();
        double previous = 0;
        for (int i = 0; i < maxRounds; i++) {
            double rate = round.run(i).perSecond();
            rates.add(Math.round(rate));
            log("  %.0f %s", rate, unit);
            boolean steady = previous > 0 && Math.abs(rate - previous) <= 0.1 * previous;
            if (rates.size() >= minRounds && steady) {
                break;
            }
            previous = rate;
        }
        return rates;
    }

    /** Buyers race for little stock while every payment is notified twice at once and paid twice. */
    private void race(Api api) {
        log(
                "race: %d buyers for %d keys, every notification sent twice at once plus a second payment",
                sizes.raceBuyers(), sizes.raceKeys());
        long product = api.createProduct("Race key", 100);
        api.importKeys(
                product,
                IntStream.range(0, sizes.raceKeys())
                        .mapToObj(i -> "RACE-" + i + "-" + randomCode(12))
                        .toList());
        ConcurrentLinkedQueue<Api.Placed> placed = new ConcurrentLinkedQueue<>();
        ExecutorService twins = Executors.newFixedThreadPool(CLIENTS, Api.daemon("twin"));
        Load.Result race = Load.closedLoop(
                CLIENTS, IntStream.range(0, sizes.raceBuyers()).boxed().toList(), i -> {
                    Optional<Api.Placed> order = api.order(product);
                    if (order.isEmpty()) {
                        return true; // sold out is the right answer for the late buyers
                    }
                    Api.Placed p = order.get();
                    placed.add(p);
                    CompletableFuture<Boolean> twin =
                            CompletableFuture.supplyAsync(() -> api.notifyPaid(p, "R-" + p.orderNo()), twins);
                    boolean first = api.notifyPaid(p, "R-" + p.orderNo());
                    boolean secondPayment = api.notifyPaid(p, "R2-" + p.orderNo());
                    return first && twin.join() && secondPayment;
                });
        twins.shutdown();
        check(race.failed() == 0, race.failed() + " race buyers failed");
        Map<String, Integer> owners = new HashMap<>();
        int delivered = 0;
        for (Api.Placed p : placed) {
            JsonNode order = api.lookup(p);
            if (order.get("status").asText().equals("delivered")) {
                delivered++;
            }
            for (JsonNode key : order.path("keys")) {
                owners.merge(key.asText(), 1, Integer::sum);
            }
        }
        long duplicates = owners.values().stream().filter(n -> n > 1).count();
        check(
                delivered <= sizes.raceKeys(),
                "oversold: " + delivered + " orders delivered from " + sizes.raceKeys() + " keys");
        check(delivered == placed.size(), (placed.size() - delivered) + " paid race orders were not delivered");
        results.put("kamishop_race_deliveries", delivered);
        results.put("kamishop_duplicates", duplicates);
        log(
                "  %d orders delivered from %d keys, %d keys delivered more than once",
                delivered, sizes.raceKeys(), duplicates);
    }

    /** The store's page against a bare Javalin handler sending the same bytes, same generator, same run. */
    private void render(ServerProcess store, Api api) throws Exception {
        // The themed product page of the first product on sale, as a buyer's browser asks for it.
        String catalogue = api.send(api.request("/api/products").GET()).body();
        java.util.regex.Matcher firstId =
                java.util.regex.Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(catalogue);
        if (!firstId.find()) {
            throw new IllegalStateException("no product on sale to render: " + catalogue);
        }
        String path = "/products/" + firstId.group(1);
        byte[] body = api.send(api.request(path).GET()).body().getBytes(StandardCharsets.UTF_8);
        Path bodyFile = work.resolve("page.bin");
        Files.write(bodyFile, body);
        results.put("render_page", "GET " + path + " (themed product page, " + body.length + " bytes)");
        log(
                "render: GET %s (%d bytes) vs bare Javalin, %s, %d s each",
                path, body.length, Render.generator(), sizes.renderSeconds());
        Render.requestsPerSecond(store.baseUrl() + path, 3, 32);
        double kamishop = Render.requestsPerSecond(store.baseUrl() + path, sizes.renderSeconds(), 32);
        double bare;
        // The store's class-data archive belongs to its jar: the peer (another class path) would only warn about it.
        List<String> peerOptions = serverOptions.stream()
                .filter(o -> !o.startsWith("-XX:SharedArchiveFile="))
                .toList();
        try (ServerProcess peer =
                ServerProcess.bare(bodyFile, "text/html; charset=utf-8", peerOptions, work.resolve("bare.log"))) {
            Render.requestsPerSecond(peer.baseUrl() + "/", 3, 32);
            bare = Render.requestsPerSecond(peer.baseUrl() + "/", sizes.renderSeconds(), 32);
        }
        results.put("render_rps", round(kamishop));
        results.put("bare_javalin_rps", round(bare));
        results.put("render_ratio", round(kamishop / bare, 3));
        log("  %.0f req/s vs %.0f req/s bare, ratio %.2f", kamishop, bare, kamishop / bare);
    }

    private void importAndRestart() throws Exception {
        int n = sizes.importKeys();
        Path file = work.resolve("keys.txt");
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                writer.write("IMPORT-" + i + "-" + randomCode(16));
                writer.write('\n');
            }
        }
        Path dataDir = Files.createDirectories(work.resolve("import"));
        log("import: %,d keys (dedupe + AES-GCM) over HTTP into a fresh store", n);
        try (ServerProcess store = ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("import.log"))) {
            Api api = new Api(store.baseUrl(), 4);
            long product = api.createProduct("Import", 100);
            long t0 = System.nanoTime();
            JsonNode report = api.importKeys(product, file);
            double seconds = (System.nanoTime() - t0) / 1e9;
            check(report.get("imported").asLong() == n, "imported " + report + ", expected " + n);
            results.put("import_keys", n);
            results.put("import_seconds", round(seconds, 2));
            results.put("import_keys_per_s", round(n / seconds));
            log("  %,.0f keys/s (%.1f s)", n / seconds, seconds);
        }
        try (ServerProcess again = ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("restart.log"))) {
            results.put("startup_existing_ms", again.startupMillis());
            log("restart on a data dir with %,d keys: %d ms", n, again.startupMillis());
        }
    }

    private void microBenchmarks() throws Exception {
        Path json = work.resolve("jmh.json");
        log("JMH micro-benchmarks (hot path)");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.openjdk.jmh.Main",
                "io.kamishop.bench.jmh",
                "-f",
                "1",
                "-wi",
                "3",
                "-w",
                "1s",
                "-i",
                "5",
                "-r",
                "1s",
                "-rf",
                "json",
                "-rff",
                json.toString()));
        Process jmh = new ProcessBuilder(command)
                .inheritIO()
                .redirectOutput(
                        ProcessBuilder.Redirect.to(work.resolve("jmh.log").toFile()))
                .start();
        check(jmh.waitFor() == 0, "JMH failed, see " + work.resolve("jmh.log"));
        Map<String, Object> scores = new LinkedHashMap<>();
        for (JsonNode bench : Api.JSON.readTree(json.toFile())) {
            String name = bench.get("benchmark").asText().replace("io.kamishop.bench.jmh.", "");
            JsonNode metric = bench.get("primaryMetric");
            scores.put(
                    name,
                    round(metric.get("score").asDouble(), 3) + " "
                            + metric.get("scoreUnit").asText());
            log(
                    "  %s: %.3f %s",
                    name,
                    metric.get("score").asDouble(),
                    metric.get("scoreUnit").asText());
        }
        results.put("jmh", scores);
    }

    private void report() throws IOException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'"));
        results.put("finished_at", stamp);
        Files.createDirectories(out);
        ObjectNode json = Api.JSON.valueToTree(results);
        Files.writeString(
                out.resolve(stamp + ".json"),
                Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        StringBuilder table = new StringBuilder("| metric | value |\n| --- | --- |\n");
        results.forEach((name, value) -> {
            if (!(value instanceof Map)) {
                table.append("| ").append(name).append(" | ").append(value).append(" |\n");
            }
        });
        if (results.get("jmh") instanceof Map<?, ?> scores) {
            scores.forEach((name, value) -> table.append("| jmh ")
                    .append(name)
                    .append(" | ")
                    .append(value)
                    .append(" |\n"));
        }
        Files.writeString(out.resolve(stamp + ".md"), table);
        System.out.println();
        System.out.print(table);
        System.out.println("results: " + out.resolve(stamp + ".json"));
        ObjectNode summary = Api.JSON.createObjectNode();
        for (String field : List.of(
                "pg_delivery_ratio",
                "pg_two_node_ratio",
                "pg_raw_deliveries_per_s",
                "pg_one_node_deliveries_per_s",
                "pg_two_node_deliveries_per_s",
                "pg_callback_p99_ms",
                "scale_worst_p99_ratio",
                "scale_admin_worst_p99_ms",
                "load_average_at_start",
                "load_average_at_end")) {
            if (json.has(field)) {
                summary.set(field, json.get(field));
            }
        }
        for (String field : List.of(
                "mode",
                "delivery_ratio",
                "render_ratio",
                "callback_p50_ms",
                "callback_p99_ms",
                "kamishop_duplicates",
                "naive_duplicates",
                "import_keys_per_s",
                "import_keys",
                "startup_ms",
                "startup_existing_ms",
                "rss_mb",
                "deliveries_per_s",
                "raw_deliveries_per_s",
                "e2e_ratio",
                "render_rps",
                "bare_javalin_rps")) {
            if (json.has(field)) {
                summary.set(field, json.get(field));
            }
        }
        if (results.get("mode").equals(sizes.mode()) && sizes.importKeys() < 1_000_000) {
            summary.put("import_note", "quick mode imports " + sizes.importKeys() + " keys, not 1,000,000");
        }
        System.out.println(Api.JSON.writeValueAsString(summary));
    }

    static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    static String randomCode(int length) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    static double round(double value) {
        return Math.round(value);
    }

    static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    static void log(String format, Object... args) {
        System.out.println(String.format(format, args));
        System.out.flush();
    }
}
