package io.kamishop.cluster;

import static io.kamishop.cluster.TwoNodesTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestNodes;
import io.kamishop.testing.TestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/admin/nodes} on two PostgreSQL nodes: both listed, one leader, handed over when it stops. */
@PostgresTest
class NodesApiTest {

    @Test
    void bothNodesAreListedWithTheSweeperLeaderAndTheOtherTakesOverWhenItStops() {
        try (TestNodes nodes = TestNodes.onFreshSchema()) {
            TestStore a =
                    nodes.builder().env("KAMISHOP_HEARTBEAT_MILLIS", "200").start();
            TestStore b =
                    nodes.builder().env("KAMISHOP_HEARTBEAT_MILLIS", "200").start();
            try {
                awaitTrue(
                        () -> listed(b).size() == 2
                                && listed(b).stream()
                                        .allMatch(n -> n.path("alive").asBoolean())
                                && listed(b).stream()
                                                .filter(n -> n.path("leader").asBoolean())
                                                .count()
                                        == 1
                                && listed(b).stream().allMatch(n -> n.hasNonNull("busLagMillis")),
                        "both nodes heard, one leading");

                List<JsonNode> seenByB = listed(b);
                List<JsonNode> seenByA = listed(a);
                assertThat(ids(seenByA))
                        .as("every node sees the same cluster")
                        .containsExactlyInAnyOrderElementsOf(ids(seenByB));
                assertThat(ids(seenByB))
                        .containsExactlyInAnyOrder(
                                a.app().cluster().nodes().id(),
                                b.app().cluster().nodes().id());
                for (JsonNode node : seenByB) {
                    assertThat(node.path("version").asText()).isNotBlank();
                    assertThat(Instant.parse(node.path("startedAt").asText()))
                            .isBeforeOrEqualTo(
                                    Instant.parse(node.path("lastSeen").asText()));
                    assertThat(node.path("pool").path("max").asInt()).isEqualTo(16);
                    assertThat(node.path("pool").path("open").asInt()).isPositive();
                    assertThat(node.path("busLagMillis").asLong()).isBetween(0L, 5_000L);
                    assertThat(node.path("thisNode").asBoolean())
                            .isEqualTo(node.path("id")
                                    .asText()
                                    .equals(b.app().cluster().nodes().id()));
                }
                JsonNode leader = seenByB.stream()
                        .filter(n -> n.path("leader").asBoolean())
                        .findFirst()
                        .orElseThrow();
                TestStore leading = leader.path("id")
                                .asText()
                                .equals(a.app().cluster().nodes().id())
                        ? a
                        : b;
                TestStore other = leading == a ? b : a;
                assertThat(leading.app().cluster().sweepers().isLeading(Cluster.ORDER_EXPIRY))
                        .as("the API names the real leader")
                        .isTrue();
                assertThat(leader.path("leads").toString()).contains(Cluster.ORDER_EXPIRY);

                nodes.stop(leading);

                String survivor = other.app().cluster().nodes().id();
                awaitTrue(
                        () -> ids(listed(other)).equals(List.of(survivor))
                                && listed(other).get(0).path("leader").asBoolean(),
                        "the stopped node leaves the list and the survivor leads");
            } finally {
                nodes.stop(a);
                nodes.stop(b);
            }
        }
    }

    private static List<JsonNode> listed(TestStore node) {
        List<JsonNode> list = new ArrayList<>();
        node.http().adminGet("/api/admin/nodes").json().forEach(list::add);
        return list;
    }

    private static List<String> ids(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.path("id").asText()).toList();
    }
}
