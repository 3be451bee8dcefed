package io.kamishop.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Buyers and a gateway hammering the nodes of one store over real HTTP, the way a load balancer
 * spreads them: request {@code i} goes to node {@code i % n}. A request that finds its node gone
 * (connection refused, or cut while the node stopped) is sent again to the next node, as a load
 * balancer or a retrying gateway would.
 */
final class Shoppers {

    /** A placed order as its buyer knows it. */
    record Placed(String orderNo, String token, long amount) {}

    /** What the buyers got: the orders placed and how many were refused as out of stock. */
    record Outcome(List<Placed> placed, int outOfStock, List<String> unexpected) {}

    private Shoppers() {}

    /** {@code buyers} buyers racing for one unit each of a product, spread over the live nodes. */
    static Outcome race(
            IntFunction<TestStore> nodeFor, int nodeCount, long productId, int buyers, int threads, boolean failover) {
        List<Placed> placed = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        int[] outOfStock = new int[1];
        runAll(threads, buyers, i -> {
            Http.Answer answer = send(nodeFor, nodeCount, i, failover, node -> node.order(productId, 1));
            if (answer.status() == 201) {
                JsonNode body = answer.json();
                placed.add(new Placed(
                        body.get("orderNo").asText(),
                        body.get("lookupToken").asText(),
                        body.get("amount").asLong()));
            } else if (answer.status() == 409 && answer.errorCode().equals("out_of_stock")) {
                synchronized (outOfStock) {
                    outOfStock[0]++;
                }
            } else {
                unexpected.add(answer.status() + " " + answer.body());
            }
        });
        return new Outcome(List.copyOf(placed), outOfStock[0], List.copyOf(unexpected));
    }

    /**
     * The gateway confirming each order {@code copies} times with the same trade number (its
     * retries), the copies spread over the nodes and all in flight together. Returns every answer
     * that was not 200 {@code success}.
     */
    static List<String> pay(
            IntFunction<TestStore> nodeFor,
            int nodeCount,
            List<Placed> orders,
            int copies,
            int threads,
            boolean failover) {
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        runAll(threads, orders.size() * copies, i -> {
            Placed order = orders.get(i / copies);
            Http.Answer answer = send(
                    nodeFor,
                    nodeCount,
                    i,
                    failover,
                    node -> node.notifySandbox(order.orderNo(), order.amount(), "T-" + order.orderNo()));
            if (answer.status() != 200 || !answer.body().equals("success")) {
                refused.add(order.orderNo() + ": " + answer.status() + " " + answer.body());
            }
        });
        return List.copyOf(refused);
    }

    interface Request {
        Http.Answer send(TestStore node);
    }

    /** Without failover every answer counts, a 5xx included: only a test that stops a node may retry. */
    static Http.Answer send(IntFunction<TestStore> nodeFor, int nodeCount, int i, boolean failover, Request request) {
        if (!failover) {
            return request.send(nodeFor.apply(i % nodeCount));
        }
        RuntimeException last = null;
        for (int attempt = 0; attempt < nodeCount * 3; attempt++) {
            TestStore node = nodeFor.apply((i + attempt) % nodeCount);
            if (node == null) {
                continue;
            }
            try {
                Http.Answer answer = request.send(node);
                // 503 or 500 from a node being stopped mid-request: the balancer tries another one.
                if (answer.status() < 500) {
                    return answer;
                }
                last = new IllegalStateException(answer.status() + " " + answer.body());
            } catch (UncheckedIOException | IllegalStateException e) {
                last = e;
            }
        }
        throw new AssertionError("no node answered request " + i, last);
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static void runAll(int threads, int count, Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit((Callable<Void>) () -> {
                    task.run(n);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new AssertionError("a racing request failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The keys a buyer sees for an order on one node. */
    static List<String> keysSeenOn(TestStore node, Placed order) {
        JsonNode answer = node.http()
                .get("/api/orders/" + order.orderNo() + "?token=" + order.token())
                .json();
        List<String> keys = new ArrayList<>();
        answer.path("keys").forEach(k -> keys.add(k.asText()));
        return keys;
    }

    static String statusOn(TestStore node, String orderNo) {
        return node.http()
                .adminGet("/api/admin/orders/" + orderNo)
                .json()
                .get("status")
                .asText();
    }
}
