package io.kamishop.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The notification flood driven by wrk (a C load generator) instead of the Java HttpClient: with
 * the Java client the generator took almost as much CPU per delivery as the store (653 against
 * 793 µs, measured 2026-11-26), on the same two cores. wrk runs {@code notify.lua}, which sends
 * each pre-signed notification exactly once and reports per thread; a delivery counts when the
 * store answered {@code success}, as with the Java generator.
 */
final class WrkNotifications {

    private static final int THREADS = 2;
    private static final String REPORT = "kamishop-notify ";

    private WrkNotifications() {}

    static String generator(int connections) {
        return "wrk " + THREADS + " threads, " + connections + " connections, notify.lua";
    }

    /** Notifies every order once; the result's time runs from the first request sent to the last answer. */
    static Load.Result send(
            String baseUrl, List<Api.Placed> orders, Function<Api.Placed, String> tradeNo, int connections, Path work)
            throws IOException, InterruptedException {
        return send(List.of(baseUrl), orders, tradeNo, connections, work, null);
    }

    /**
     * Notifies every order once, the orders split evenly over {@code baseUrls} (nodes of one store),
     * one wrk process per URL with {@code connections / baseUrls.size()} connections, all at once.
     * With one URL it is the single wrk of {@link #send(String, List, Function, int, Path)}. The CPU
     * the wrk processes used is added to {@code generatorCpuMillis} when given.
     */
    static Load.Result send(
            List<String> baseUrls,
            List<Api.Placed> orders,
            Function<Api.Placed, String> tradeNo,
            int connections,
            Path work,
            java.util.concurrent.atomic.AtomicLong generatorCpuMillis)
            throws IOException, InterruptedException {
        int threadsEach = baseUrls.size() == 1 ? THREADS : 1;
        if (orders.size() < threadsEach * baseUrls.size()) {
            throw new IllegalArgumentException("wrk needs at least one notification per thread");
        }
        Path script = work.resolve("notify.lua");
        try (InputStream in = WrkNotifications.class.getResourceAsStream("notify.lua")) {
            Files.write(script, in.readAllBytes());
        }
        List<Path> files = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        try {
            for (int u = 0; u < baseUrls.size(); u++) {
                Path requests = work.resolve("notifications-" + System.nanoTime() + "-" + u + ".tsv");
                List<String> lines = new ArrayList<>();
                for (int i = u; i < orders.size(); i += baseUrls.size()) {
                    Api.Notification n = Api.Notification.of(orders.get(i), tradeNo.apply(orders.get(i)));
                    lines.add(n.body() + "\t" + n.signature());
                }
                Files.write(requests, lines, StandardCharsets.UTF_8);
                files.add(requests);
            }
            for (int u = 0; u < baseUrls.size(); u++) {
                processes.add(new ProcessBuilder(
                                "wrk",
                                "-t" + threadsEach,
                                "-c" + connections / baseUrls.size(),
                                "-d600s",
                                "--timeout",
                                "60s",
                                "-s",
                                script.toString(),
                                baseUrls.get(u),
                                "--",
                                files.get(u).toString(),
                                Integer.toString(threadsEach))
                        .redirectErrorStream(true)
                        .start());
            }
            long ok = 0;
            long failed = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Process wrk : processes) {
                int reported = 0;
                StringBuilder output = new StringBuilder();
                try (BufferedReader out =
                        new BufferedReader(new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while (reported < threadsEach && (line = out.readLine()) != null) {
                        output.append(line).append('\n');
                        if (line.startsWith(REPORT)) {
                            String[] f = line.substring(REPORT.length()).trim().split(" ");
                            ok += Long.parseLong(f[1]);
                            failed += Long.parseLong(f[2]);
                            first = Math.min(first, Long.parseLong(f[3]));
                            last = Math.max(last, Long.parseLong(f[4]));
                            reported++;
                        }
                    }
                }
                if (reported < threadsEach) {
                    throw new IllegalStateException("wrk ended before all its threads reported:\n" + output);
                }
                if (generatorCpuMillis != null) {
                    generatorCpuMillis.addAndGet(ServerProcess.cpuMillis(wrk.pid()));
                }
            }
            return new Load.Result((int) ok, (int) failed, (last - first) * 1000, new long[0]);
        } finally {
            for (Process wrk : processes) {
                wrk.destroy(); // every thread has reported; wrk would otherwise wait out its -d limit
                wrk.waitFor();
            }
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }
}
