package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * A payment that is not a plain redirect: a QR payload for a wallet app, or a gateway's form.
 *
 * @param qrPayload text a wallet scans (often a URL), or {@code null}
 * @param htmlForm  the gateway's own form, trusted plugin output, or {@code null}
 * @param orderUrl  the order page, where the buyer goes after paying
 * @param message   a note for the buyer above the payment, or {@code null} (the store sets none)
 * @param fee       the channel's surcharge included in {@code amount}, formatted, or {@code null} when there is none
 */
public record CashierView(
        String orderNo,
        String amount,
        @Nullable String qrPayload,
        @Nullable String htmlForm,
        String orderUrl,
        @Nullable String message,
        @Nullable String fee) {}
