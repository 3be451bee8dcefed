package io.kamishop.api;

/**
 * The outcome of a refund call.
 *
 * @param refunded  whether the gateway accepted it
 * @param gatewayId the gateway's refund id, or {@code null}
 */
public record RefundResult(boolean refunded, String gatewayId) {}
