package io.kamishop.plugins.usdt;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentNotification;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the gateway's callback: a JSON POST with {@code trade_id}, {@code order_id}, {@code amount}
 * (the fiat amount), {@code actual_amount} (the coin), {@code token} (the address),
 * {@code block_transaction_id}, {@code status} (1 waiting, 2 paid, 3 expired) and {@code signature}.
 *
 * <p>Only a signed callback with status 2 is a payment, and it is reported with the fiat amount
 * exactly as signed, so the store compares it with the order to the last cent: a short payment is
 * never delivered. BEpusdt also posts status changes (1, 3) to the same address; they are
 * acknowledged and change nothing (the order expires on the store's own clock).
 */
final class UsdtCallback {

    /** What both gateways want once the callback is recorded (epusdt: exactly {@code ok}). */
    static final String ACK = "ok";

    private static final int PAID = 2;

    private final JsonCodec json;

    UsdtCallback(JsonCodec json) {
        this.json = json;
    }

    /**
     * @param transactions the transaction this store opened for an order number, if any
     */
    PaymentNotification read(
            UsdtConfig config, IncomingRequest request, Function<String, Optional<GatewayTransaction>> transactions)
            throws NotificationRejectedException {
        Map<String, Object> callback;
        try {
            callback = json.parseObject(request.body());
        } catch (RuntimeException e) {
            throw new NotificationRejectedException("the callback is not a JSON object");
        }
        if (!(callback.get("signature") instanceof String signature) || !signature.matches("[0-9a-f]{32}")) {
            throw new NotificationRejectedException("the callback carries no signature");
        }
        if (!signedByTheGateway(callback, config.token(), signature)) {
            throw new NotificationRejectedException("the callback's signature does not match this store's token");
        }
        String orderNo = text(callback.get("order_id"));
        String tradeId = text(callback.get("trade_id"));
        if (orderNo == null || tradeId == null || !(callback.get("status") instanceof Long status)) {
            throw new NotificationRejectedException("the callback lacks order_id, trade_id or status");
        }
        if (status != PAID) {
            return PaymentNotification.ignored(ACK);
        }
        GatewayTransaction opened = transactions
                .apply(orderNo)
                .orElseThrow(() -> new NotificationRejectedException(
                        "this store opened no USDT transaction for order " + orderNo));
        Money amount;
        try {
            amount = Money.ofMajor(decimal(callback.get("amount")).toPlainString(), opened.currency());
        } catch (ArithmeticException | IllegalArgumentException e) {
            // 9.905 is not 9.90 or 9.91: nothing is rounded in the buyer's favour.
            throw new NotificationRejectedException(
                    "the callback's amount is not an exact amount of " + opened.currency());
        }
        if (tradeId.equals(opened.tradeId())
                && callback.get("actual_amount") != null
                && decimal(callback.get("actual_amount")).compareTo(opened.actual()) < 0) {
            throw new NotificationRejectedException("the callback reports less coin than the buyer was asked to send");
        }
        return PaymentNotification.paid(orderNo, tradeId, amount, ACK);
    }

    /**
     * Checks the signature against both ways a Go gateway spells a number (see {@link UsdtSignature}),
     * each in constant time. Either needs the token, so accepting both lets in nobody new.
     */
    private static boolean signedByTheGateway(Map<String, Object> callback, String token, String signature)
            throws NotificationRejectedException {
        boolean matched = false;
        for (Function<BigDecimal, String> spelling :
                List.<Function<BigDecimal, String>>of(UsdtSignature::plain, UsdtSignature::goDefault)) {
            Map<String, String> spelled = new LinkedHashMap<>();
            for (Map.Entry<String, Object> field : callback.entrySet()) {
                spelled.put(field.getKey(), spell(field.getKey(), field.getValue(), spelling));
            }
            matched |= UsdtSignature.matches(UsdtSignature.sign(spelled, token), signature);
        }
        return matched;
    }

    private static String spell(String key, Object value, Function<BigDecimal, String> number)
            throws NotificationRejectedException {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Long whole) {
            return number.apply(BigDecimal.valueOf(whole));
        }
        if (value instanceof BigDecimal decimal) {
            return number.apply(decimal);
        }
        if (value instanceof Boolean flag) {
            return flag.toString();
        }
        throw new NotificationRejectedException("the callback's " + key + " is not a plain value");
    }

    private static BigDecimal decimal(Object value) throws NotificationRejectedException {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw new NotificationRejectedException("the callback's amount is not a number");
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() && s.length() <= 64 ? s : null;
    }
}
