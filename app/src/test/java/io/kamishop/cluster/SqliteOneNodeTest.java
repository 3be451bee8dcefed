package io.kamishop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.cluster.Shoppers.Placed;
import io.kamishop.config.StoreSettings;
import io.kamishop.testing.MutableClock;
import io.kamishop.testing.TestStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same statements and cluster calls on the SQLite default, where one node is alone and always leads. */
class SqliteOneNodeTest {

    @Test
    void theSharedStatementsAndTheOneNodeClusterWorkOnSqlite() {
        MutableClock clock = MutableClock.now();
        try (TestStore node = TestStore.builder()
                .clock(clock)
                .env("KAMISHOP_SWEEP_INTERVAL_MILLIS", "100")
                .start()) {
            long productId = node.createProduct("Key", 100, "CNY");
            node.importKeys(productId, TwoNodesTest.keys(10));

            Shoppers.Outcome buyers = Shoppers.race(i -> node, 1, productId, 30, 8, false);

            assertThat(buyers.unexpected()).isEmpty();
            assertThat(buyers.placed()).hasSize(10);
            Placed paid = buyers.placed().get(0);
            assertThat(Shoppers.pay(i -> node, 1, List.of(paid), 3, 3, false)).isEmpty();
            assertThat(Shoppers.keysSeenOn(node, paid)).hasSize(1);
            assertThat(node.http()
                            .adminGet("/api/admin/orders?status=delivered")
                            .json())
                    .hasSize(1);
            assertThat(node.http().adminGet("/api/admin/orders").json()).hasSize(10);

            assertThat(node.http()
                            .adminPutJson("/api/admin/settings", Map.of("storeName", "Corner Shop"))
                            .status())
                    .isEqualTo(200);
            assertThat(node.app().settings().get(StoreSettings.STORE_NAME)).isEqualTo("Corner Shop");

            assertThat(node.app().cluster().sweepers().isLeading(Cluster.ORDER_EXPIRY))
                    .isTrue();
            clock.advance(Duration.ofMinutes(16));
            TwoNodesTest.awaitTrue(
                    () -> node.stock(productId).get("reserved").asInt() == 0, "the sweeper expires the unpaid orders");
            JsonNode stock = node.stock(productId);
            assertThat(stock.get("available").asInt()).isEqualTo(9);
            assertThat(stock.get("sold").asInt()).isEqualTo(1);
        }
    }
}
