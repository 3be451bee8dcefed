package io.kamishop.cluster;

import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Delivered orders per second, in one run: the SQLite default, one node on PostgreSQL, two nodes on
 * PostgreSQL. Each order is a whole purchase over HTTP (place, signed gateway notification, the
 * buyer reading the key), clients spread round-robin over the nodes. Clients and nodes share this
 * JVM and machine, so the figures compare set-ups on one box; they are not a capacity plan.
 *
 * <p>Run after {@code ./mvnw -q -o -DskipTests package test-compile}:
 * {@code java -cp app/target/test-classes:app/target/classes:$(cat cp.txt) io.kamishop.cluster.ClusterBenchmark [orders] [clients]}
 */
public final class ClusterBenchmark {

    private ClusterBenchmark() {}

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.out.printf(
                "%d orders per set-up, %d concurrent clients, %d CPU cores%n",
                orders, clients, Runtime.getRuntime().availableProcessors());
        double sqlite;
        try (TestStore node = TestStore.start()) {
            sqlite = measure("SQLite, 1 node", List.of(node), orders, clients);
        }
        double pgOne;
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            pgOne = measure("PostgreSQL, 1 node", List.of(nodes.startNode()), orders, clients);
        }
        double pgTwo;
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            pgTwo = measure("PostgreSQL, 2 nodes", List.of(nodes.startNode(), nodes.startNode()), orders, clients);
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT delivered orders/s: SQLite 1 node %.1f | PostgreSQL 1 node %.1f | PostgreSQL 2 nodes %.1f%n",
                sqlite,
                pgOne,
                pgTwo);
    }

    private static double measure(String name, List<TestStore> nodes, int orders, int clients) {
        Function<Integer, TestStore> nodeFor = i -> nodes.get(i % nodes.size());
        TestStore first = nodes.get(0);
        run(nodeFor::apply, nodes.size(), first, Math.max(50, orders / 5), clients); // warm-up: JIT, pools, caches
        long started = System.nanoTime();
        int delivered = run(nodeFor::apply, nodes.size(), first, orders, clients);
        double seconds = (System.nanoTime() - started) / 1e9;
        double perSecond = delivered / seconds;
        System.out.printf(
                Locale.ROOT, "%-22s %5d delivered in %6.2f s = %7.1f orders/s%n", name, delivered, seconds, perSecond);
        return perSecond;
    }

    /** Buys {@code orders} single keys end to end and returns how many were delivered. */
    private static int run(
            java.util.function.IntFunction<TestStore> nodeFor,
            int nodeCount,
            TestStore admin,
            int orders,
            int clients) {
        long productId = admin.createProduct("Bench " + System.nanoTime(), 100, "CNY");
        List<String> keys = TwoNodesTest.keys(orders);
        admin.importKeys(productId, keys);
        int[] delivered = new int[1];
        Shoppers.runAll(clients, orders, i -> {
            // Place on one node, get paid through another, read on a third: nothing sticky.
            TestStore placeOn = nodeFor.apply(i % nodeCount);
            var placed = placeOn.order(productId, 1);
            if (placed.status() != 201) {
                throw new IllegalStateException("order refused: " + placed.status() + " " + placed.body());
            }
            var body = placed.json();
            Shoppers.Placed order = new Shoppers.Placed(
                    body.get("orderNo").asText(),
                    body.get("lookupToken").asText(),
                    body.get("amount").asLong());
            var paid = nodeFor.apply((i + 1) % nodeCount)
                    .notifySandbox(order.orderNo(), order.amount(), "B-" + order.orderNo());
            if (paid.status() != 200) {
                throw new IllegalStateException("payment refused: " + paid.status() + " " + paid.body());
            }
            if (Shoppers.keysSeenOn(placeOn, order).size() == 1) {
                synchronized (delivered) {
                    delivered[0]++;
                }
            }
        });
        return delivered[0];
    }
}
