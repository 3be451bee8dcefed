package io.kamishop.api;

import java.time.Duration;

/**
 * Read access to the store's order counters, kept by the host so that rules stay cheap and
 * stateless. Counts include orders placed on every node of the store, those of other nodes seen
 * with a delay of some seconds. At {@link RiskStage#ORDER_CREATION} the order being checked does not
 * exist yet and is not counted; at later stages it is.
 *
 * <p>Counters answer from memory: calling them costs microseconds, not a database round trip.
 */
public interface VelocityCounters {

    /** What a counter is kept per. */
    enum Subject {
        /** The buyer's IP address as the store sees it (after trusted proxies). */
        IP,
        /** The buyer's email address, compared case-insensitively. */
        EMAIL,
        /** The buyer's device hash (see {@link RiskContext#deviceHash()}); kept in memory only. */
        DEVICE,
        /** The product bought. Value is the product id in decimal. */
        PRODUCT
    }

    /**
     * Orders placed by {@code value} of {@code subject} within {@code window} before now (the window
     * is capped at 24 hours). Orders of every status count: an order that expired unpaid still shows
     * how fast someone is ordering.
     */
    long ordersWithin(Subject subject, String value, Duration window);

    /**
     * Orders of {@code value} of {@code subject} that are still pending: unpaid, and holding stock.
     * Only {@link Subject#IP} and {@link Subject#EMAIL} are kept; other subjects answer 0.
     */
    long pendingOrders(Subject subject, String value);
}
