package io.kamishop.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flag changed on one PostgreSQL node takes effect on the other within a second (the change bus drops its cache). */
@PostgresTest
class FlagsOnTwoNodesTest {

    private static boolean sandboxOffered(TestStore node, long product) {
        List<String> ids = new java.util.ArrayList<>();
        node.http()
                .get("/api/products/" + product + "/quote")
                .json()
                .get("channels")
                .forEach(c -> ids.add(c.get("id").asText()));
        return ids.contains("sandbox");
    }

    private static Map<String, Object> flag(int rolloutPercent) {
        Map<String, Object> body = new HashMap<>();
        body.put("rolloutPercent", rolloutPercent);
        body.put("channel", "sandbox");
        return body;
    }

    @Test
    void aFlagChangedOnOneNodeTakesEffectOnTheOtherWithinASecond() throws InterruptedException {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            long product = a.createProduct("Gift card", 1000, "CNY");
            a.importKeys(product, List.of("K1"));
            Http.Answer all = a.http().adminPutJson("/api/admin/flags/sandbox-beta", flag(100));
            assertThat(all.status()).as(all.body()).isEqualTo(200);
            // Node b reads (and caches) the flag: everyone is in the on arm.
            long until = System.nanoTime() + 1_000_000_000L;
            while (!sandboxOffered(b, product) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(sandboxOffered(b, product)).isTrue();

            assertThat(a.http()
                            .adminPutJson("/api/admin/flags/sandbox-beta", flag(0))
                            .status())
                    .isEqualTo(200);
            // The change has committed once the PUT answered: from then on, node b has a second to stop offering the
            // channel.
            long start = System.nanoTime();
            long seenAfter = -1;
            while (System.nanoTime() - start < 1_000_000_000L) {
                if (!sandboxOffered(b, product)) {
                    seenAfter = (System.nanoTime() - start) / 1_000_000;
                    break;
                }
                Thread.sleep(10);
            }
            System.out.println("flag change seen on the second node after " + seenAfter + " ms");
            assertThat(seenAfter)
                    .as("node b still offers the channel a second after the change")
                    .isBetween(0L, 999L);
            Http.Answer refused = b.order(product, 1);
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.errorCode()).isEqualTo("channel_unavailable");
        }
    }

    private static boolean darkHome(TestStore node) {
        Http.Answer home = node.http()
                .send(
                        java.net.http.HttpRequest.newBuilder(node.http().uri("/"))
                                .header("Accept", "text/html")
                                .GET(),
                        false);
        assertThat(home.status()).isEqualTo(200);
        return home.body().contains("/assets/example-dark/");
    }

    private static long secondsUntil(java.util.function.BooleanSupplier seen) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000_000_000L) {
            if (seen.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        return -1;
    }

    @Test
    void aThemeFlagChangedOnOneNodeReachesTheOthersCachedPagesWithinASecond() throws InterruptedException {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a = nodes.startNode();
            TestStore b = nodes.startNode();
            // Node b draws and keeps its home page in the store's theme.
            assertThat(darkHome(b)).isFalse();
            assertThat(darkHome(b)).isFalse();
            Map<String, Object> everyone = new HashMap<>();
            everyone.put("rolloutPercent", 100);
            everyone.put("theme", "example-dark");
            Http.Answer put = a.http().adminPutJson("/api/admin/flags/dark-look", everyone);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            long on = secondsUntil(() -> darkHome(b));
            System.out.println("theme flag seen on the second node's page after " + on + " ms");
            assertThat(on)
                    .as("node b still shows the store's theme a second after the change")
                    .isBetween(0L, 999L);

            everyone.put("rolloutPercent", 0);
            assertThat(a.http()
                            .adminPutJson("/api/admin/flags/dark-look", everyone)
                            .status())
                    .isEqualTo(200);
            long off = secondsUntil(() -> !darkHome(b));
            assertThat(off)
                    .as("node b still shows the flagged theme a second after the change")
                    .isBetween(0L, 999L);
        }
    }
}
