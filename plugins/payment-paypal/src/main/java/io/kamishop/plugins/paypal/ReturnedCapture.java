package io.kamishop.plugins.paypal;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentNotification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The capture the return page made, handed to the store's notify path so it is settled by the same
 * checks and the same once-only record as a webhook. Sealed with a key derived from the client
 * secret: a request posted to the notify URL from outside cannot pass for one.
 */
final class ReturnedCapture {

    private ReturnedCapture() {}

    static IncomingRequest request(
            PayPalConfig config, String orderNo, Capture capture, JsonCodec json, String clientIp) {
        String body = json.write(Map.of(
                "orderNo",
                orderNo,
                "captureId",
                capture.id(),
                "amount",
                capture.amount().minor(),
                "currency",
                capture.amount().currency()));
        String seal = Seal.of(config.clientSecret(), "capture", List.of(body));
        return new IncomingRequest(
                "POST",
                "",
                Map.of(PayPalChannel.CAPTURE_SEAL_HEADER.toLowerCase(Locale.ROOT), List.of(seal)),
                Map.of(),
                body.getBytes(StandardCharsets.UTF_8),
                clientIp);
    }

    static PaymentNotification read(PayPalConfig config, IncomingRequest request, JsonCodec json)
            throws NotificationRejectedException {
        String body = new String(request.body(), StandardCharsets.UTF_8);
        if (!Seal.holds(
                config.clientSecret(),
                "capture",
                List.of(body),
                request.header(PayPalChannel.CAPTURE_SEAL_HEADER).orElse(""))) {
            throw new NotificationRejectedException("the capture seal does not hold");
        }
        Map<String, Object> capture = json.parseObject(request.body());
        if (!(capture.get("orderNo") instanceof String orderNo)
                || !(capture.get("captureId") instanceof String captureId)
                || !(capture.get("amount") instanceof Long amount)
                || !(capture.get("currency") instanceof String currency)) {
            throw new NotificationRejectedException("the capture is incomplete");
        }
        return PaymentNotification.paid(orderNo, captureId, new Money(amount, currency), PayPalChannel.ACK);
    }
}
