package io.kamishop.plugins.wechat;

import io.kamishop.api.IncomingRequest;
import io.kamishop.api.JsonCodec;
import io.kamishop.api.Money;
import io.kamishop.api.NotificationRejectedException;
import io.kamishop.api.PaymentNotification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a payment callback as API v3 sends it
 * (<a href="https://pay.weixin.qq.com/wiki/doc/apiv3/apis/chapter3_4_5.shtml">支付通知</a>): the
 * signature headers over the exact body, then the encrypted {@code resource}, then the transaction
 * inside it, which must be this merchant's ({@code mchid}) for this application ({@code appid}).
 */
final class WechatCallback {

    /**
     * API v3 wants a bare 200 or 204 once the callback is handled; the host answers 200 with this body.
     * A refusal is a 4xx (the host's JSON error), which WeChat Pay retries, as it should.
     */
    static final String ACK = "";

    private final JsonCodec json;

    WechatCallback(JsonCodec json) {
        this.json = json;
    }

    PaymentNotification read(WechatConfig config, IncomingRequest request, Instant now)
            throws NotificationRejectedException {
        Optional<WechatSignature.Signed> signed = WechatSignature.Signed.of(
                request.header("Wechatpay-Timestamp"),
                request.header("Wechatpay-Nonce"),
                request.header("Wechatpay-Signature"),
                request.header("Wechatpay-Serial"));
        if (signed.isEmpty()) {
            throw new NotificationRejectedException(
                    "not a WeChat Pay callback: the Wechatpay-* signature headers are missing");
        }
        String body = new String(request.body(), StandardCharsets.UTF_8);
        Optional<String> problem = WechatSignature.problem(config, signed.get(), body, now);
        if (problem.isPresent()) {
            throw new NotificationRejectedException(problem.get());
        }
        Map<String, Object> event = parse(request.body(), "the callback");
        String eventType = text(event.get("event_type"));
        if (!"TRANSACTION.SUCCESS".equals(eventType)) {
            return PaymentNotification.ignored(ACK); // verified, but not a payment (a refund's result, ...)
        }
        if (!(event.get("resource") instanceof Map<?, ?> resource)) {
            throw new NotificationRejectedException("the callback carries no resource");
        }
        if (!ResourceCipher.ALGORITHM.equals(resource.get("algorithm"))) {
            throw new NotificationRejectedException("the resource is not sealed with " + ResourceCipher.ALGORITHM);
        }
        String plain;
        try {
            plain = ResourceCipher.open(
                    config.apiV3Key(),
                    String.valueOf(resource.get("nonce")),
                    resource.get("associated_data") instanceof String ad ? ad : "",
                    String.valueOf(resource.get("ciphertext")));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new NotificationRejectedException("the resource does not open with the APIv3 key");
        }
        Map<String, Object> transaction = parse(plain.getBytes(StandardCharsets.UTF_8), "the resource");
        Transaction paid = Transaction.read(config, transaction)
                .orElseThrow(() -> new NotificationRejectedException("the resource is not a transaction"));
        if (!paid.isPaid()) {
            return PaymentNotification.ignored(ACK);
        }
        return PaymentNotification.paid(paid.orderNo(), paid.transactionId(), paid.amount(), ACK);
    }

    private Map<String, Object> parse(byte[] bytes, String what) throws NotificationRejectedException {
        try {
            return json.parseObject(bytes);
        } catch (RuntimeException e) {
            throw new NotificationRejectedException(what + " is not a JSON object");
        }
    }

    /**
     * A transaction as the query API and the payment callback both describe it. Reading it refuses
     * another merchant's or another application's transaction, and an amount in anything but fen of CNY.
     */
    record Transaction(String orderNo, String transactionId, String tradeState, Money amount) {

        boolean isPaid() {
            // REFUND: paid, then (partly) refunded; the payment still happened.
            return "SUCCESS".equals(tradeState) || "REFUND".equals(tradeState);
        }

        static Optional<Transaction> read(WechatConfig config, Map<String, Object> transaction)
                throws NotificationRejectedException {
            String mchId = text(transaction.get("mchid"));
            String appId = text(transaction.get("appid"));
            String orderNo = text(transaction.get("out_trade_no"));
            String tradeState = text(transaction.get("trade_state"));
            if (mchId == null || orderNo == null || tradeState == null) {
                return Optional.empty();
            }
            if (!config.mchId().equals(mchId)) {
                throw new NotificationRejectedException(
                        "the transaction is merchant " + mchId + "'s, not this store's");
            }
            if (!config.appId().equals(appId)) {
                throw new NotificationRejectedException(
                        "the transaction is for application " + appId + ", not this store's");
            }
            String transactionId = text(transaction.get("transaction_id"));
            if (!"SUCCESS".equals(tradeState) && !"REFUND".equals(tradeState)) {
                return Optional.of(new Transaction(orderNo, transactionId, tradeState, null));
            }
            if (transactionId == null) {
                throw new NotificationRejectedException("a paid transaction without transaction_id");
            }
            if (!(transaction.get("amount") instanceof Map<?, ?> amount)
                    || !(amount.get("total") instanceof Long total)
                    || total < 0) {
                throw new NotificationRejectedException("a paid transaction without amount.total in fen");
            }
            Object currency = amount.get("currency");
            if (currency != null && !WechatChannel.CURRENCY.equals(currency)) {
                throw new NotificationRejectedException("a paid transaction in " + currency + ", not CNY");
            }
            // amount.total is the order's total as we created it; payer_total is less when a coupon
            // the merchant runs at WeChat Pay paid part of it, which is the merchant's own promotion.
            return Optional.of(
                    new Transaction(orderNo, transactionId, tradeState, new Money(total, WechatChannel.CURRENCY)));
        }
    }

    static String text(Object value) {
        return value instanceof String s && !s.isBlank() && s.length() <= 64 ? s : null;
    }
}
