package io.kamishop.plugins.paypal;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies a webhook the way PayPal documents for REST apps: the transmission headers, our
 * {@code webhook_id} and the event go to {@code POST /v1/notifications/verify-webhook-signature},
 * which answers {@code SUCCESS} or {@code FAILURE}
 * (<a href="https://developer.paypal.com/api/rest/webhooks/rest/">Integrate webhooks</a>, postback verification).
 *
 * <p>Chosen over checking the signature here (CRC32 of the body, the certificate from
 * {@code PAYPAL-CERT-URL}): that needs the certificate fetched from a URL the request itself names,
 * its host pinned to PayPal's, its chain and expiry checked, and cached per node, all security code
 * of our own; the API call puts the check where the keys are, over our authenticated TLS
 * connection, at the price of one call per event. The event is sent as the exact bytes received,
 * never re-encoded by us (an event whose keys were reordered or numbers reformatted on the way is a
 * known cause of {@code FAILURE}); and the body must be one JSON object and nothing else, so it
 * cannot smuggle a second {@code webhook_id} into the verification request.
 */
final class PayPalWebhook {

    private final PayPalApi api;
    private final JsonCodec json;

    PayPalWebhook(PayPalApi api, JsonCodec json) {
        this.api = api;
        this.json = json;
    }

    /** The event, once PayPal confirmed it was sent to this store's webhook; otherwise a refusal. */
    Map<String, Object> verified(PayPalConfig config, IncomingRequest request) throws NotificationRejectedException {
        Map<String, String> transmission = new LinkedHashMap<>();
        transmission.put("auth_algo", header(request, "PayPal-Auth-Algo"));
        transmission.put("cert_url", header(request, "PayPal-Cert-Url"));
        transmission.put("transmission_id", header(request, "PayPal-Transmission-Id"));
        transmission.put("transmission_sig", header(request, "PayPal-Transmission-Sig"));
        transmission.put("transmission_time", header(request, "PayPal-Transmission-Time"));
        transmission.put("webhook_id", config.webhookId());
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (!RawJson.isOneObject(body)) {
            throw new NotificationRejectedException("the webhook body is not one JSON object");
        }
        Map<String, Object> event;
        try {
            event = json.parseObject(request.body());
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the webhook body is not JSON");
        }
        String fields = json.write(transmission);
        String verification = fields.substring(0, fields.length() - 1) + ",\"webhook_event\":" + body.strip() + "}";
        PayPalApi.Answer answer;
        try {
            answer = api.call(config, "POST", "/v1/notifications/verify-webhook-signature", null, verification);
        } catch (PaymentException e) {
            // PayPal retries a refused delivery up to 25 times over 3 days: it is checked again when PayPal answers.
            throw new NotificationRejectedException(
                    "could not ask PayPal to verify the webhook now: " + e.getMessage());
        }
        if (!answer.ok()) {
            throw new NotificationRejectedException("PayPal did not verify the webhook: " + answer.describe());
        }
        if (!"SUCCESS".equals(answer.body().get("verification_status"))) {
            throw new NotificationRejectedException(
                    "PayPal says the webhook signature is not valid for this store's webhook");
        }
        return event;
    }

    private static String header(IncomingRequest request, String name) throws NotificationRejectedException {
        String value = request.header(name).map(String::strip).orElse("");
        if (value.isEmpty() || value.length() > 500) {
            throw new NotificationRejectedException("not a PayPal webhook: the " + name + " header is missing");
        }
        return value;
    }

    /** A structural look at JSON text, without re-encoding it. */
    static final class RawJson {
        private RawJson() {}

        /** Whether the text is exactly one JSON object, give or take surrounding whitespace. */
        static boolean isOneObject(String text) {
            int start = skipSpace(text, 0);
            if (start >= text.length() || text.charAt(start) != '{') {
                return false;
            }
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return skipSpace(text, i + 1) == text.length();
                }
            }
            return false;
        }

        private static int skipSpace(String s, int i) {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i;
        }
    }
}
