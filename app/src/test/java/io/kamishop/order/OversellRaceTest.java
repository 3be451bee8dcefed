package io.kamishop.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.db.Handles;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.TestStore;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OversellRaceTest {

    private TestStore store;

    @BeforeEach
    void start() {
        store = TestStore.start();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void twoHundredBuyersRacingForFiftyKeysGetExactlyFiftyOrders() throws Exception {
        long product = store.createProduct("Race", 990, "CNY");
        List<String> keys =
                IntStream.range(0, 50).mapToObj(i -> "RACE-KEY-" + i).toList();
        store.importKeys(product, keys);

        List<Http.Answer> answers = Concurrently.race(200, () -> store.order(product, 1));

        long created = answers.stream().filter(a -> a.status() == 201).count();
        long outOfStock = answers.stream()
                .filter(a -> a.status() == 409 && a.errorCode().equals("out_of_stock"))
                .count();
        assertThat(created).isEqualTo(50);
        assertThat(outOfStock).isEqualTo(150);
        assertThat(store.stock(product).get("reserved").asLong()).isEqualTo(50);
        assertThat(store.stock(product).get("available").asLong()).isZero();
        Invariants.all(store.app().database(), product, 50);
    }

    @Test
    void anOrderLargerThanTheStockReservesNothing() {
        long product = store.createProduct("Partial", 100, "USD");
        store.importKeys(product, List.of("A1", "A2", "A3"));

        Http.Answer answer = store.order(product, 4);

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("out_of_stock");
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(3);
        assertThat(store.stock(product).get("reserved").asLong()).isZero();
        long orders = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM orders")
                        .mapTo(Long.class)
                        .one());
        assertThat(orders).as("the refused order left no row behind").isZero();
    }

    @Test
    void multiUnitBuyersNeverSplitTheLastKeys() throws Exception {
        long product = store.createProduct("Bundles", 100, "USD");
        store.importKeys(product, IntStream.range(0, 10).mapToObj(i -> "B-" + i).toList());

        List<Http.Answer> answers = Concurrently.race(40, () -> store.order(product, 3));

        long created = answers.stream().filter(a -> a.status() == 201).count();
        assertThat(created)
                .as("10 keys make three orders of 3, never a fourth partial one")
                .isEqualTo(3);
        assertThat(store.stock(product).get("available").asLong()).isEqualTo(1);
        Invariants.all(store.app().database(), product, 10);
    }
}
