package io.kamishop.payment;

import java.time.Duration;

/** Where the time of each call to a payment gateway goes (the store's metrics). */
@FunctionalInterface
public interface GatewayTimings {

    /**
     * @param channel   the channel id
     * @param operation {@code create_payment}, {@code query}, {@code refund} or {@code close}
     * @param outcome   {@code ok}, {@code refused} (the gateway said no) or {@code error}
     */
    void record(String channel, String operation, String outcome, Duration took);
}
