package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bounded stock count behind low-stock notices: exact below the limit, the limit above it. */
class AvailableUpToTest {

    @Test
    void countsAvailableKeysExactlyBelowTheLimitAndStopsAtIt() {
        try (TestStore store = TestStore.start()) {
            long product = store.createProduct("Codes", 100, "CNY");
            long other = store.createProduct("Other", 100, "CNY");
            store.importKeys(
                    product, IntStream.range(0, 8).mapToObj(i -> "KEY-" + i).toList());
            store.importKeys(
                    other, IntStream.range(0, 20).mapToObj(i -> "OTHER-" + i).toList());
            String orderNo = store.order(product, 2).json().get("orderNo").asText();

            InventoryService inventory = store.app().inventory();
            assertThat(inventory.availableUpTo(product, 100))
                    .as("8 stocked, 2 held by a pending order")
                    .isEqualTo(6);
            assertThat(inventory.availableUpTo(product, 6)).isEqualTo(6);
            assertThat(inventory.availableUpTo(product, 4))
                    .as("stops counting at the limit")
                    .isEqualTo(4);
            assertThat(store.notifySandbox(orderNo, 200, "T-1").status()).isEqualTo(200);
            assertThat(inventory.availableUpTo(product, 100))
                    .as("sold keys are not on the shelf")
                    .isEqualTo(6);
            assertThat(inventory.availableUpTo(other, 100)).isEqualTo(20);
        }
    }

    @Test
    void unitKindsAreBoundedByTheirCap() {
        try (TestStore store = TestStore.start()) {
            long shared = store.createProduct("Account", "shared", Map.of("maxUses", 3));
            store.importKeys(shared, List.of("user / pass"));

            assertThat(store.app().inventory().availableUpTo(shared, 10)).isEqualTo(3);
            assertThat(store.app().inventory().availableUpTo(shared, 2)).isEqualTo(2);
        }
    }
}
