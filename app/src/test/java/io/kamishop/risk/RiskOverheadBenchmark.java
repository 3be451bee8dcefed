package io.kamishop.risk;

import io.kamishop.catalog.Product;
import io.kamishop.domain.Requester;
import io.kamishop.order.OrderRequest;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Measures the cost of the risk stage per order with every risk-basic rule switched on. Not a test
 * (no assertion, not run by the build): run its main() by hand and read the figures it prints.
 *
 * <ol>
 *   <li>the ORDER_CREATION stage on its own ({@code RiskGate.admit}: seven rules, velocity counters,
 *       queuing the decisions), for a returning buyer (counters in memory) and for a new buyer each
 *       time (counters seeded from the orders table);</li>
 *   <li>whole orders through HTTP with the rules on and off, as a buyer feels it.</li>
 * </ol>
 */
public final class RiskOverheadBenchmark {

    private RiskOverheadBenchmark() {}

    /** One unit through the sandbox, by a guest known only by address. */
    private static OrderRequest guest(long productId, String email, String address) {
        return new OrderRequest(productId, 1, email, "sandbox", Requester.at(address), null, null, null, null, null);
    }

    public static void main(String[] args) {
        try (TestStore store = TestStore.start()) {
            Http http = store.http();
            long productId = store.createProduct("Bench key", 100, "CNY");
            store.importKeys(
                    productId,
                    IntStream.range(0, 6000).mapToObj(i -> "BENCH-" + i).toList());
            Map<String, Object> allOn = Map.of(
                    "mode",
                    "enforce",
                    "maxOrdersPerIpPerHour",
                    100_000_000,
                    "maxOrdersPerEmailPerHour",
                    100_000_000,
                    "maxQuantityPerOrder",
                    100,
                    "maxPendingOrdersPerIp",
                    100_000_000,
                    "blockedEmails",
                    List.of("*@spam.example", "bot?@example.org", "junk.test"),
                    "blockedIps",
                    List.of("198.51.100.0/24", "203.0.113.7", "2001:db8::/32"),
                    "disposableEmails",
                    "review",
                    "disposableEmailDomains",
                    List.of("throwaway.example"));
            put(http, allOn);
            RiskGate gate = store.app().risk().gate();
            Product product = store.app().catalog().find(productId).orElseThrow();
            System.out.println(
                    "rules running: " + store.app().risk().engine().rules().size());

            OrderRequest returning = guest(productId, "buyer@example.com", "192.0.2.10");
            time("warm-up", 20_000, i -> gate.admit(returning, product));
            time("admit, returning buyer (counters in memory)", 100_000, i -> gate.admit(returning, product));
            time(
                    "admit, new buyer each order (counters seeded from the db)",
                    10_000,
                    i -> gate.admit(
                            guest(
                                    productId,
                                    "b" + i + "@example.com",
                                    "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)),
                            product));
            store.app().risk().flush();
            if (Arrays.asList(args).contains("--stage-only")) {
                return;
            }

            // Alternating batches, so that the machine's load drifting over time hits both sides alike.
            Map<String, Object> allOff = Map.of(
                    "mode",
                    "enforce",
                    "maxOrdersPerIpPerHour",
                    0,
                    "maxOrdersPerEmailPerHour",
                    0,
                    "maxQuantityPerOrder",
                    0,
                    "maxPendingOrdersPerIp",
                    0,
                    "blockedEmails",
                    List.of(),
                    "blockedIps",
                    List.of(),
                    "disposableEmails",
                    "off");
            placeOrders(http, productId, 200);
            double off = 0;
            double on = 0;
            int rounds = 4;
            for (int round = 0; round < rounds; round++) {
                put(http, allOff);
                off += placeOrders(http, productId, 250) / rounds;
                put(http, allOn);
                on += placeOrders(http, productId, 250) / rounds;
            }
            System.out.printf(
                    "POST /api/orders mean: rules off %.3f ms, all risk-basic rules on %.3f ms (difference %.3f ms)%n",
                    off, on, on - off);
        }
    }

    private static void put(Http http, Map<String, Object> config) {
        Http.Answer answer = http.adminPutJson("/api/admin/plugins/risk-basic/config", config);
        if (answer.status() != 200) {
            throw new IllegalStateException(answer.body());
        }
    }

    private static double placeOrders(Http http, long productId, int count) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Http.Answer answer = http.postJson(
                    "/api/orders",
                    Map.of(
                            "productId",
                            productId,
                            "quantity",
                            1,
                            "email",
                            "buyer" + (i % 50) + "@example.com",
                            "channel",
                            "sandbox"));
            if (answer.status() != 201) {
                throw new IllegalStateException(answer.status() + " " + answer.body());
            }
        }
        return (System.nanoTime() - start) / 1e6 / count;
    }

    private static void time(String label, int iterations, java.util.function.IntConsumer work) {
        // CPU time of this thread as well as wall time: the build machine is shared, and wall time
        // there includes waiting for a core.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long[] samples = new long[iterations];
        long total = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            work.accept(i);
            samples[i] = System.nanoTime() - t;
        }
        total = System.nanoTime() - total;
        cpu = threads.getCurrentThreadCpuTime() - cpu;
        Arrays.sort(samples);
        System.out.printf(
                "%s: CPU %.1f us/order; wall mean %.1f us, median %.1f us, p99 %.1f us over %d%n",
                label,
                cpu / 1e3 / iterations,
                total / 1e3 / iterations,
                samples[iterations / 2] / 1e3,
                samples[(int) (iterations * 0.99)] / 1e3,
                iterations);
    }
}
