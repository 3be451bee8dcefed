package io.kamishop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each node keeps its public pages in a cache with no time-to-live: what keeps a node's shop window
 * honest about another node's sales is the change bus ({@link NodeWrites}). If that signal were lost,
 * the other node would show the old stock for good, and these tests would time out.
 */
@PostgresTest
class ShopWindowAcrossNodesTest {

    private static final long PATIENCE_MILLIS = 5_000;

    @Test
    void aSaleOnOneNodeShowsOnTheOtherNodesCachedProductPage() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            long id = a.createProduct("Cross-node card", 500, "CNY");
            a.importKeys(id, List.of("NODE-1", "NODE-2", "NODE-3"));
            String cachedOnB = awaitPage(b, id, "3 in stock");
            assertThat(b.http().get("/products/" + id).body())
                    .as("B serves its kept page again")
                    .isEqualTo(cachedOnB);

            assertThat(a.order(id, 2).status()).isEqualTo(201);

            long committed = System.nanoTime();
            assertThat(awaitPage(b, id, "1 in stock")).doesNotContain("3 in stock");
            long tookMillis = (System.nanoTime() - committed) / 1_000_000;
            assertThat(b.http().get("/api/products").body()).contains("\"available\":1");
            System.out.printf("a sale on node A showed on node B's product page %d ms after commit%n", tookMillis);
        }
    }

    @Test
    void aRenameOnOneNodeShowsOnTheOtherNodesCachedHomePage() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            long id = a.createProduct("Old name card", 500, "CNY");
            awaitPath(b, "/", "Old name card");

            a.http().adminPutJson("/api/admin/products/" + id, Map.of("name", "New name card"));

            assertThat(awaitPath(b, "/", "New name card")).doesNotContain("Old name card");
        }
    }

    private static String awaitPage(TestStore node, long productId, String expected) {
        return awaitPath(node, "/products/" + productId, expected);
    }

    private static String awaitPath(TestStore node, String path, String expected) {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        String body = node.http().get(path).body();
        while (!body.contains(expected)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(path + " on " + node.baseUrl() + " still lacks '" + expected + "' after "
                        + PATIENCE_MILLIS + " ms:\n" + body);
            }
            sleep();
            body = node.http().get(path).body();
        }
        return body;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
