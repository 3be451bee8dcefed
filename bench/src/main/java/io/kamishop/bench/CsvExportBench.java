package io.kamishop.bench;

import static io.kamishop.bench.BenchMain.log;
import static io.kamishop.bench.BenchMain.round;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --csv-export[=orders]}: {@code GET /api/admin/orders.csv} of every order of a big store (default
 * 100,000, written by {@link ScaleGenerator}) from a store whose heap is small, to show the export streams in
 * constant memory rather than building the file. Reports the time to the last byte, the rows and bytes, and
 * the heap from the store's own GC log ({@code -Xlog:gc}): the highest heap in use before a collection (what
 * the export ever held, garbage included, bounded by the young generation) and the highest left after one
 * (what it kept alive). The export's heap must not grow with the number of orders.
 */
final class CsvExportBench {

    /** A serial-GC line: {@code [1.234s][info][gc] GC(3) Pause Young (Allocation Failure) 40M->12M(123M) 3.4ms}. */
    private static final Pattern PAUSE = Pattern.compile("GC\\((\\d+)\\) Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final int orders;
    private final Path jar;
    private final List<String> serverOptions;
    private final Path work;
    private final Map<String, Object> results;

    CsvExportBench(int orders, Path jar, List<String> serverOptions, Path work, Map<String, Object> results) {
        this.orders = orders;
        this.jar = jar;
        this.serverOptions = serverOptions;
        this.work = work;
        this.results = results;
    }

    void run() throws Exception {
        Path dataDir = Files.createDirectories(work.resolve("csv-export"));
        long product;
        try (ServerProcess store =
                ServerProcess.kamishop(jar, dataDir, serverOptions, work.resolve("csv-export-prepare.log"))) {
            Api api = new Api(store.baseUrl(), 2);
            api.prepareStore();
            product = api.createProduct("Bulk key", 100);
        }
        long t0 = System.nanoTime();
        new ScaleGenerator(dataDir.resolve("kamishop.db"), product, orders, 1).generate();
        log("generated %,d orders in %.1f s", orders, (System.nanoTime() - t0) / 1e9);

        Path gcLog = work.resolve("csv-export-gc.log");
        Files.deleteIfExists(gcLog);
        List<String> options = new ArrayList<>(serverOptions);
        options.add("-Xlog:gc:file=" + gcLog);
        try (ServerProcess store = ServerProcess.kamishop(jar, dataDir, options, work.resolve("csv-export.log"))) {
            HttpClient client = HttpClient.newHttpClient();
            // A small export first, so the collections counted below are the big export's, not start-up's.
            Export warm = export(client, store.baseUrl(), "?status=pending");
            int gcBefore = pauses(gcLog).size();
            String load = PgBench.loadAverage();
            Export all = export(client, store.baseUrl(), "");
            List<long[]> during = pauses(gcLog).subList(gcBefore, pauses(gcLog).size());
            long peakBefore = during.stream().mapToLong(p -> p[1]).max().orElse(0);
            long peakAfter = during.stream().mapToLong(p -> p[2]).max().orElse(0);
            long heapMax = during.stream().mapToLong(p -> p[3]).max().orElse(0);
            results.put("csv_orders", orders);
            results.put("csv_rows", all.rows());
            results.put("csv_mb", round(all.bytes() / 1e6, 1));
            results.put("csv_seconds", round(all.seconds(), 2));
            results.put("csv_rows_per_second", Math.round(all.rows() / all.seconds()));
            results.put("csv_gc_count", during.size());
            results.put("csv_heap_peak_mb", peakBefore);
            results.put("csv_heap_live_peak_mb", peakAfter);
            results.put("csv_heap_capacity_mb", heapMax);
            results.put("csv_server_peak_rss_mb", round(store.peakRssMb(), 1));
            results.put("csv_load_average", load);
            results.put("csv_warm_rows", warm.rows());
            log(
                    "orders.csv: %,d rows, %.1f MB in %.2f s; %d GCs, heap peak %d MB in use (of %d MB), at most %d MB live;"
                            + " RSS peak %.0f MB; load %s",
                    all.rows(),
                    all.bytes() / 1e6,
                    all.seconds(),
                    during.size(),
                    peakBefore,
                    heapMax,
                    peakAfter,
                    store.peakRssMb(),
                    load);
        }
    }

    private record Export(long rows, long bytes, double seconds) {}

    /** Reads the CSV as it streams (never holding it), counting lines and bytes. */
    private static Export export(HttpClient client, String base, String query)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/admin/orders.csv" + query))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_TOKEN)
                .timeout(Duration.ofMinutes(30))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("orders.csv answered " + response.statusCode());
        }
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = response.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new Export(Math.max(0, lines - 1), bytes, (System.nanoTime() - t0) / 1e9); // minus the header line
    }

    /** Each collection so far: number, heap before, heap after, heap capacity (MB). */
    private static List<long[]> pauses(Path gcLog) throws IOException {
        List<long[]> out = new ArrayList<>();
        if (!Files.exists(gcLog)) {
            return out;
        }
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                out.add(new long[] {
                    Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4))
                });
            }
        }
        return out;
    }
}
