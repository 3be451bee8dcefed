package io.kamishop.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kamishop.testing.PostgresTest;
import io.kamishop.testing.TestPostgres;
import io.kamishop.testing.TestStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An order number is the minute and ten random digits, so two orders of one busy minute can draw the same one (the
 * benchmark met it at ~600 orders a second, and the buyer got a 500). A number already taken is drawn again, on both
 * databases: on PostgreSQL a failed insert would have spoiled the whole placement's transaction.
 */
class OrderNumberCollisionTest {

    @Test
    void aNumberAnotherOrderHasIsDrawnAgainAndThePlacementGoesThrough() {
        try (TestStore store = TestStore.start()) {
            aTakenNumberIsDrawnAgain(store);
        }
    }

    @Test
    void numbersThatAreAllTakenFailThePlacementAndInsertNothing() {
        try (TestStore store = TestStore.start()) {
            Order existing = anOrder(store);
            int before = orderCount(store);
            assertThatThrownBy(() -> store.app()
                            .database()
                            .write(tx -> OrderService.insertNumbered(tx, existing.withId(0), existing::orderNo)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(OrderService.NUMBER_DRAWS + " draws");
            assertThat(orderCount(store)).isEqualTo(before);
        }
    }

    @PostgresTest
    @Test
    void onPostgresATakenNumberIsDrawnAgainInTheSameTransaction() {
        try (TestPostgres pg = TestPostgres.freshSchema();
                TestStore store =
                        TestStore.builder().env("KAMISHOP_DB_URL", pg.url()).start()) {
            aTakenNumberIsDrawnAgain(store);
        }
    }

    private static void aTakenNumberIsDrawnAgain(TestStore store) {
        Order existing = anOrder(store);
        Deque<String> draws = new ArrayDeque<>(List.of(existing.orderNo(), "2612010000" + "1234567890"));
        // The draft draws the taken number first, then the taken one again, then a free one.
        Order inserted = store.app()
                .database()
                .write(tx -> OrderService.insertNumbered(tx, existing.withId(0), draws::removeFirst));
        assertThat(inserted.orderNo()).isEqualTo("26120100001234567890");
        assertThat(inserted.id()).isPositive().isNotEqualTo(existing.id());
        assertThat(store.app().orders().require(inserted.orderNo()).id()).isEqualTo(inserted.id());
        assertThat(store.app().orders().require(existing.orderNo()).id()).isEqualTo(existing.id());
    }

    private static Order anOrder(TestStore store) {
        long product = store.createProduct("Game key", 990, "CNY");
        store.importKeys(product, List.of("K-1", "K-2"));
        String orderNo = store.order(product, 1).json().get("orderNo").asText();
        return store.app().orders().require(orderNo);
    }

    private static int orderCount(TestStore store) {
        return store.app().database().read(tx -> {
            try (java.sql.Statement s = tx.connection().createStatement();
                    java.sql.ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM orders")) {
                rows.next();
                return rows.getInt(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
