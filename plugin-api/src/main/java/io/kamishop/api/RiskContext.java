package io.kamishop.api;

import java.time.Duration;

/**
 * What a {@link RiskRule} may look at. Immutable; {@code null} where a value is not known at this
 * {@link #stage()}.
 *
 * @param stage      when the rule is asked
 * @param orderNo    the order number; {@code null} at {@link RiskStage#ORDER_CREATION}
 * @param ip         the buyer's IP address as the store sees it (behind trusted proxies: the client's)
 * @param email      the buyer's email address as entered (trimmed)
 * @param deviceHash a stable, non-reversible hash of the buyer's browser (user agent, languages and a
 *                   device id the storefront may send); {@code null} when nothing identifies it
 * @param productId  the product ordered
 * @param quantity   how many units are ordered
 * @param amount     the order's total in minor units (cents, fen) of {@code currency}
 * @param currency   ISO-4217 code, e.g. {@code CNY}
 * @param counters   velocity counters across the whole store, for rate rules
 */
public record RiskContext(
        RiskStage stage,
        String orderNo,
        String ip,
        String email,
        String deviceHash,
        long productId,
        int quantity,
        long amount,
        String currency,
        VelocityCounters counters) {

    /** Orders placed from this context's IP within the window (at order creation, this order not counted). */
    public long ordersFromIp(Duration window) {
        return ip == null ? 0 : counters.ordersWithin(VelocityCounters.Subject.IP, ip, window);
    }

    /** Orders placed with this context's email within the window (at order creation, this order not counted). */
    public long ordersFromEmail(Duration window) {
        return email == null ? 0 : counters.ordersWithin(VelocityCounters.Subject.EMAIL, email, window);
    }

    /** Orders placed from this context's device within the window (at order creation, this order not counted). */
    public long ordersFromDevice(Duration window) {
        return deviceHash == null ? 0 : counters.ordersWithin(VelocityCounters.Subject.DEVICE, deviceHash, window);
    }

    /** Unpaid orders from this context's IP that still hold stock (at order creation, this order not counted). */
    public long pendingOrdersFromIp() {
        return ip == null ? 0 : counters.pendingOrders(VelocityCounters.Subject.IP, ip);
    }

    /** The domain part of the email, lower-cased, or an empty string. */
    public String emailDomain() {
        if (email == null) {
            return "";
        }
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
