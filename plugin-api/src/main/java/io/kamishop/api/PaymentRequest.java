package io.kamishop.api;

import java.time.Instant;

/**
 * What a channel needs to start a payment.
 *
 * @param orderNo     the store's order number, unique; use it as the gateway's merchant order id
 * @param amount      what the buyer must pay
 * @param subject     a short description (product name and quantity) for the gateway's page
 * @param buyerEmail  the buyer's email, for gateways that prefill it
 * @param clientIp    the buyer's address
 * @param expiresAt   when the order stops holding its stock; a gateway session should not outlive it
 * @param lookupToken the buyer's secret for the order page (part of {@link StoreUrls#orderPage})
 */
public record PaymentRequest(String orderNo, Money amount, String subject, String buyerEmail, String clientIp,
                             Instant expiresAt, String lookupToken) {
}
