package io.kamishop.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.VelocityCounters.Subject;
import io.kamishop.db.Database;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderStatus;
import io.kamishop.testing.ScratchDirs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The velocity counters for orders without an address ({@code buyer_ip} NULL: rows from before it was kept).
 * An unknown address is no address: it counts 0 and is never a counter of its own, so buyers without one are not
 * lumped together (where a limit per IP would block them all); their orders still count per email and product.
 */
class VelocityTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final String EMAIL = "a@example.com";

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);
    private Database database;
    private Velocity velocity;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:sqlite:" + ScratchDirs.create("velocity").resolve("kamishop.db"));
        velocity = new Velocity(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Order withoutAddress(long id) {
        long now = clock.millis();
        return new Order(
                id,
                "K" + id,
                7,
                "Game key",
                1,
                990,
                990,
                "CNY",
                EMAIL,
                "sandbox",
                "pending",
                "hash",
                null,
                null,
                now,
                now + 900_000,
                now,
                0);
    }

    @Test
    void anUnknownAddressCountsNothingAndIsNeverACounterOfItsOwn() {
        // Seeded (empty) first: only a counter already in memory takes an order placed on this node.
        assertThat(velocity.ordersWithin(Subject.EMAIL, EMAIL, HOUR)).isZero();
        assertThat(velocity.pendingOrders(Subject.EMAIL, EMAIL)).isZero();
        assertThat(velocity.ordersWithin(Subject.IP, null, HOUR)).isZero();
        assertThat(velocity.pendingOrders(Subject.IP, null)).isZero();

        velocity.recordPlaced(withoutAddress(1), null);
        velocity.recordPlaced(withoutAddress(2), null);

        assertThat(velocity.ordersWithin(Subject.IP, null, HOUR)).isZero();
        assertThat(velocity.ordersWithin(Subject.IP, "", HOUR)).isZero();
        assertThat(velocity.pendingOrders(Subject.IP, null)).isZero();
        assertThat(velocity.ordersWithin(Subject.EMAIL, EMAIL, HOUR)).isEqualTo(2);
        assertThat(velocity.pendingOrders(Subject.EMAIL, EMAIL)).isEqualTo(2);

        velocity.onOrderChange(new OrderChange(withoutAddress(1), OrderStatus.PENDING, OrderStatus.PAID, "paid"));

        assertThat(velocity.pendingOrders(Subject.IP, null)).isZero();
        assertThat(velocity.pendingOrders(Subject.EMAIL, EMAIL)).isEqualTo(1);
    }
}
