package io.kamishop.risk;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kamishop.api.VelocityCounters;
import io.kamishop.db.Database;
import io.kamishop.order.Order;
import io.kamishop.order.OrderChange;
import io.kamishop.order.OrderStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The velocity counters rules read, answered from memory.
 *
 * <p>The orders table is the truth for IP, email and product counts: a counter is seeded from it on
 * first use (indexed, one query) and re-seeded {@link #RESEED} later, so counts survive a restart
 * and orders placed on other nodes show up within that delay. Between seeds, orders placed on this
 * node are added as they commit. Device counts have no column to come from and live in memory only.
 *
 * <p>A value that is null or empty (an order without an address: {@code buyer_ip} is NULL on rows from
 * before it was kept) counts 0 and is kept in no counter, so buyers without one are never counted, and
 * limited, as one buyer; their orders still count per email and product.
 *
 * <p>Known limit: buyers racing in parallel are each checked before the others' orders commit, so
 * a burst can pass a limit by the number of requests in flight at once.
 */
final class Velocity implements VelocityCounters {

    static final Duration RESEED = Duration.ofSeconds(15);
    private static final long MAX_WINDOW =
            Duration.ofSeconds(OrderWindow.SPAN_SECONDS).toMillis();

    private record Key(Subject subject, String value) {}

    private final Database database;
    private final Clock clock;
    private final Cache<Key, OrderWindow> seeded =
            Caffeine.newBuilder().expireAfterWrite(RESEED).maximumSize(200_000).build();
    private final Cache<String, OrderWindow> devices = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofDays(1))
            .maximumSize(200_000)
            .build();
    private final Cache<Key, AtomicLong> pending =
            Caffeine.newBuilder().expireAfterWrite(RESEED).maximumSize(200_000).build();

    Velocity(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public long ordersWithin(Subject subject, @Nullable String value, Duration window) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        long windowMillis = Math.min(Math.max(window.toMillis(), 0), MAX_WINDOW);
        OrderWindow orders = subject == Subject.DEVICE
                ? devices.get(value, v -> new OrderWindow())
                : seeded.get(key(subject, value), k -> seed(k, value));
        return orders == null ? 0 : orders.countSince(clock.millis(), windowMillis);
    }

    @Override
    public long pendingOrders(Subject subject, @Nullable String value) {
        if (value == null || value.isEmpty() || subject != Subject.IP && subject != Subject.EMAIL) {
            return 0;
        }
        AtomicLong count = pending.get(
                key(subject, value),
                k -> new AtomicLong(database.read(tx -> subject == Subject.IP
                        ? tx.dao(SeedQueryDao.class).pendingByIp(k.value(), clock.millis())
                        : tx.dao(SeedQueryDao.class).pendingByEmail(value.strip(), k.value(), clock.millis()))));
        return Math.max(0, count.get());
    }

    /** After an order placed on this node committed: count it where a counter is already seeded. */
    void recordPlaced(Order order, @Nullable String deviceHash) {
        long at = order.createdAt();
        addIfSeeded(Subject.IP, order.buyerIp(), at);
        addIfSeeded(Subject.EMAIL, order.email(), at);
        addIfSeeded(Subject.PRODUCT, Long.toString(order.productId()), at);
        bumpPendingIfSeeded(Subject.IP, order.buyerIp(), 1);
        bumpPendingIfSeeded(Subject.EMAIL, order.email(), 1);
        if (deviceHash != null) {
            devices.get(deviceHash, v -> new OrderWindow()).add(at);
        }
    }

    /** An order left {@code pending} (paid, expired, cancelled): it no longer holds stock. */
    void onOrderChange(OrderChange change) {
        if (change.from() == OrderStatus.PENDING && change.to() != OrderStatus.PENDING) {
            bumpPendingIfSeeded(Subject.IP, change.order().buyerIp(), -1);
            bumpPendingIfSeeded(Subject.EMAIL, change.order().email(), -1);
        }
    }

    // Only counters already in memory are touched: an absent one is seeded from the table, which
    // already holds the committed order, so adding it too would count it twice.
    private void addIfSeeded(Subject subject, @Nullable String value, long at) {
        if (value != null) {
            OrderWindow window = seeded.getIfPresent(key(subject, value));
            if (window != null) {
                window.add(at);
            }
        }
    }

    private void bumpPendingIfSeeded(Subject subject, @Nullable String value, int delta) {
        if (value != null) {
            AtomicLong count = pending.getIfPresent(key(subject, value));
            if (count != null) {
                count.addAndGet(delta);
            }
        }
    }

    private OrderWindow seed(Key key, String asGiven) {
        long since = clock.millis() - MAX_WINDOW;
        return OrderWindow.of(database.read(tx -> switch (key.subject()) {
            case IP -> tx.dao(SeedQueryDao.class).ordersByIp(key.value(), since);
            case EMAIL -> tx.dao(SeedQueryDao.class).ordersByEmail(asGiven.strip(), key.value(), since);
            case PRODUCT ->
                parseId(key.value()) < 0
                        ? List.<SecondCount>of()
                        : tx.dao(SeedQueryDao.class).ordersByProduct(parseId(key.value()), since);
            case DEVICE -> List.<SecondCount>of();
        }));
    }

    private static long parseId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Key key(Subject subject, String value) {
        String normal = subject == Subject.EMAIL ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
        return new Key(subject, normal);
    }
}
