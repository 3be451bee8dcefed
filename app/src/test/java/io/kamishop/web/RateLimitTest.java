package io.kamishop.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.testing.Http;
import io.kamishop.testing.TestStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void orderFloodFromOneAddressIsSlowedWith429AndRetryAfter() {
        try (TestStore store =
                TestStore.builder().env("KAMISHOP_RATE_ORDERS_PER_MINUTE", "5").start()) {
            long product = store.createProduct("Limited", 100, "CNY");
            store.importKeys(product, List.of("L-1", "L-2", "L-3", "L-4", "L-5", "L-6", "L-7", "L-8"));
            for (int i = 0; i < 5; i++) {
                assertThat(store.order(product, 1).status()).isEqualTo(201);
            }
            Http.Answer limited = store.order(product, 1);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errorCode()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
            assertThat(store.stock(product).get("reserved").asLong())
                    .as("the refused order held nothing")
                    .isEqualTo(5);
        }
    }

    @Test
    void lookupTokenGuessingIsCutOffEvenForTheRightTokenAfterwards() {
        try (TestStore store = TestStore.builder()
                .env("KAMISHOP_RATE_LOOKUP_FAILURES_PER_10_MINUTES", "3")
                .start()) {
            long product = store.createProduct("Guess", 100, "CNY");
            store.importKeys(product, List.of("G-1"));
            var order = store.order(product, 1).json();
            String orderNo = order.get("orderNo").asText();
            for (int i = 0; i < 3; i++) {
                assertThat(store.http()
                                .get("/api/orders/" + orderNo + "?token=guess" + i)
                                .status())
                        .isEqualTo(404);
            }
            Http.Answer blocked = store.http()
                    .get("/api/orders/" + orderNo + "?token="
                            + order.get("lookupToken").asText());
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.header("Retry-After")).isNotNull();
        }
    }
}
