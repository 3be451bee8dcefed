package io.kamishop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kamishop.db.Handles;
import io.kamishop.testing.Concurrently;
import io.kamishop.testing.Http;
import io.kamishop.testing.Invariants;
import io.kamishop.testing.PostgresSchema;
import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The stock is kept in counters (key_counts, V540) by the database in the transaction that moves a
 * key. After buyers race for the keys while the merchant imports more, and the orders are then paid
 * and cancelled at the same time, the counters still equal a count of the keys, on both databases,
 * and the stock API shows exactly what a count shows.
 */
class KeyCountsRaceTest {

    @Test
    void countersEqualACountAfterRacingOrdersImportsPaymentsAndCancellations() throws Exception {
        try (TestStore store = TestStore.start()) {
            raceAndCompare(store);
        }
    }

    @PostgresTest
    @Test
    void countersEqualACountAfterRacingOrdersImportsPaymentsAndCancellationsOnPostgres() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create();
                TestStore store = TestStore.builder()
                        .env("KAMISHOP_DB_URL", schema.jdbcUrl())
                        .start()) {
            raceAndCompare(store);
        }
    }

    private static void raceAndCompare(TestStore store) throws Exception {
        long product = store.createProduct("Counted", 500, "CNY");
        long other = store.createProduct("Counted too", 700, "CNY");
        store.importKeys(
                product, IntStream.range(0, 40).mapToObj(i -> "CNT-A-" + i).toList());
        store.importKeys(
                other, IntStream.range(0, 10).mapToObj(i -> "CNT-B-" + i).toList());

        // 80 buyers race for the 40 keys while two imports of 10 more each (one half duplicates) land.
        List<Callable<Http.Answer>> calls = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            calls.add(() -> store.order(product, 1));
        }
        for (int batch = 0; batch < 2; batch++) {
            int from = 35 + batch * 10;
            calls.add(() -> {
                store.importKeys(
                        product,
                        IntStream.range(from, from + 10)
                                .mapToObj(i -> "CNT-A-" + i)
                                .toList());
                return null;
            });
        }
        calls.add(() -> store.order(other, 3));
        List<Http.Answer> answers = Concurrently.fireTogether(calls);
        List<JsonNode> placed = answers.stream()
                .filter(a -> a != null && a.status() == 201)
                .map(Http.Answer::json)
                .toList();
        Invariants.keyCountsMatchKeys(store.app().database());
        // 40 + 15 new keys (the imports overlap the first 40 by 5 and each other by 5); never more orders than keys.
        long imported = 55;
        long placedOfProduct =
                answers.subList(0, 80).stream().filter(a -> a.status() == 201).count();
        assertThat(placedOfProduct).isBetween(40L, imported);
        assertThat(answers.get(answers.size() - 1).status()).isEqualTo(201);

        // Half are paid and half cancelled, all at once.
        List<Callable<Object>> settle = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            String orderNo = placed.get(i).get("orderNo").asText();
            long amount = placed.get(i).get("amount").asLong();
            if (i % 2 == 0) {
                settle.add(() -> store.notifySandbox(orderNo, amount, "cnt-" + orderNo));
            } else {
                settle.add(() -> {
                    store.app().orders().cancel(orderNo, io.kamishop.order.EventDetail.of("test"));
                    return null;
                });
            }
        }
        Concurrently.fireTogether(settle);

        Invariants.keyCountsMatchKeys(store.app().database());
        Invariants.stockAddsUp(store.app().database(), product, imported);
        JsonNode stock = store.stock(product);
        long counted = store.app()
                .database()
                .read(tx -> Handles.of(tx)
                        .createQuery("SELECT COUNT(*) FROM card_keys WHERE product_id = :p AND status = 'sold'")
                        .bind("p", product)
                        .mapTo(Long.class)
                        .one());
        assertThat(stock.get("sold").asLong()).isEqualTo(counted).isPositive();
        assertThat(stock.get("available").asLong()
                        + stock.get("reserved").asLong()
                        + stock.get("sold").asLong())
                .isEqualTo(imported);
        assertThat(stock.get("reserved").asLong()).isZero();
    }
}
