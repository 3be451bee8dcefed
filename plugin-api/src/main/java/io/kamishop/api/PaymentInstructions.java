package io.kamishop.api;

import java.util.Map;

/**
 * How the buyer pays: at least one of a redirect URL, an auto-submitting HTML form, or a QR payload.
 * Shown to the buyer by the cashier page and returned in the order API's {@code payment} object.
 *
 * @param redirectUrl a page to send the buyer to, or {@code null}
 * @param htmlForm    an HTML form to render and submit, or {@code null}
 * @param qrPayload   text to render as a QR code for a phone wallet, or {@code null}
 * @param gatewayRef  the gateway's id of this payment (session id, trade no), or {@code null}
 * @param extra       further public fields to show in the API answer
 */
public record PaymentInstructions(
        String redirectUrl, String htmlForm, String qrPayload, String gatewayRef, Map<String, String> extra) {

    public PaymentInstructions {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static PaymentInstructions redirect(String url) {
        return new PaymentInstructions(url, null, null, null, Map.of());
    }

    public static PaymentInstructions qr(String payload, String cashierUrl) {
        return new PaymentInstructions(cashierUrl, null, payload, null, Map.of());
    }
}
