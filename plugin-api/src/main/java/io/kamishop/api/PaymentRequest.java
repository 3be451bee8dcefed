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
 * @param method      the id of the {@link PaymentMethod} the buyer chose, for a channel that offers
 *                    {@link PaymentChannel#methods()}; {@code null} otherwise (since 1.3.0)
 */
public record PaymentRequest(
        String orderNo,
        Money amount,
        String subject,
        String buyerEmail,
        String clientIp,
        Instant expiresAt,
        String lookupToken,
        String method) {

    /** A request for a channel without {@link PaymentChannel#methods()}; the form of 1.2.0 and earlier. */
    public PaymentRequest(
            String orderNo,
            Money amount,
            String subject,
            String buyerEmail,
            String clientIp,
            Instant expiresAt,
            String lookupToken) {
        this(orderNo, amount, subject, buyerEmail, clientIp, expiresAt, lookupToken, null);
    }
}
