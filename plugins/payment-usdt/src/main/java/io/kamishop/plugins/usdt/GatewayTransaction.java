package io.kamishop.plugins.usdt;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A transaction the gateway opened for an order: where the buyer sends how much of which coin, and
 * until when. Kept in the plugin's store under the order number, so asking again for the same order
 * shows the same address and amount (epusdt refuses a second create-transaction for an order
 * number, and BEpusdt would rebuild it with a fresh amount while the buyer may be paying the first).
 *
 * @param fiatAmount   the order's amount in its currency, as sent ({@code 9.90})
 * @param actualAmount the exact amount of coin to send ({@code 1.3750})
 * @param address      the receiving address
 * @param paymentUrl   the gateway's own checkout page, or {@code null}
 */
record GatewayTransaction(
        String orderNo,
        String tradeId,
        String currency,
        String fiatAmount,
        String actualAmount,
        String address,
        String tradeType,
        Instant expiresAt,
        String paymentUrl) {

    static String storeKey(String orderNo) {
        return "tx:" + orderNo;
    }

    boolean openAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    BigDecimal actual() {
        return new BigDecimal(actualAmount);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("orderNo", orderNo);
        map.put("tradeId", tradeId);
        map.put("currency", currency);
        map.put("fiatAmount", fiatAmount);
        map.put("actualAmount", actualAmount);
        map.put("address", address);
        map.put("tradeType", tradeType);
        map.put("expiresAt", expiresAt.getEpochSecond());
        if (paymentUrl != null) {
            map.put("paymentUrl", paymentUrl);
        }
        return map;
    }

    static GatewayTransaction fromMap(Map<String, Object> map) {
        return new GatewayTransaction(
                (String) map.get("orderNo"),
                (String) map.get("tradeId"),
                (String) map.get("currency"),
                (String) map.get("fiatAmount"),
                (String) map.get("actualAmount"),
                (String) map.get("address"),
                (String) map.get("tradeType"),
                Instant.ofEpochSecond(((Number) map.get("expiresAt")).longValue()),
                (String) map.get("paymentUrl"));
    }
}
