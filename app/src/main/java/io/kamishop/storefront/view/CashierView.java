package io.kamishop.storefront.view;

/**
 * A payment that is not a plain redirect: a QR payload for a wallet app, or a gateway's form.
 *
 * @param qrPayload text a wallet scans (often a URL), or {@code null}
 * @param htmlForm  the gateway's own form, trusted plugin output, or {@code null}
 * @param orderUrl  the order page, where the buyer goes after paying
 * @param fee       the channel's surcharge included in {@code amount}, formatted, or {@code null} when there is none
 */
public record CashierView(
        String orderNo,
        String amount,
        String qrPayload,
        String htmlForm,
        String orderUrl,
        String message,
        String fee) {}
