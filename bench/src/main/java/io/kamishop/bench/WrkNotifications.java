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

    private WrkNotifications() {
    }

    static String generator(int connections) {
        return "wrk " + THREADS + " threads, " + connections + " connections, notify.lua";
    }

    /** Notifies every order once; the result's time runs from the first request sent to the last answer. */
    static Load.Result send(String baseUrl, List<Api.Placed> orders, Function<Api.Placed, String> tradeNo, int connections, Path work)
            throws IOException, InterruptedException {
        if (orders.size() < THREADS) {
            throw new IllegalArgumentException("wrk needs at least one notification per thread");
        }
        Path script = work.resolve("notify.lua");
        try (InputStream in = WrkNotifications.class.getResourceAsStream("notify.lua")) {
            Files.write(script, in.readAllBytes());
        }
        Path requests = work.resolve("notifications-" + System.nanoTime() + ".tsv");
        List<String> lines = new ArrayList<>(orders.size());
        for (Api.Placed order : orders) {
            Api.Notification n = Api.Notification.of(order, tradeNo.apply(order));
            lines.add(n.body() + "\t" + n.signature());
        }
        Files.write(requests, lines, StandardCharsets.UTF_8);

        Process wrk = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + connections, "-d600s", "--timeout", "60s",
                "-s", script.toString(), baseUrl, "--", requests.toString(), Integer.toString(THREADS))
                .redirectErrorStream(true).start();
        long ok = 0;
        long failed = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int reported = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(wrk.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (reported < THREADS && (line = out.readLine()) != null) {
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
        } finally {
            wrk.destroy(); // every thread has reported; wrk would otherwise wait out its -d limit
            wrk.waitFor();
            Files.deleteIfExists(requests);
        }
        if (reported < THREADS) {
            throw new IllegalStateException("wrk ended before all its threads reported:\n" + output);
        }
        return new Load.Result((int) ok, (int) failed, (last - first) * 1000, new long[0]);
    }
}
