package io.kamishop.order;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The order as every JSON door shows it to the buyer or merchant who may see it: checkout, lookup
 * and the merchant's delivery answer the same fields. Never a key, a token or the buyer's e-mail.
 */
public final class OrderSummary {

    private OrderSummary() {}

    public static Map<String, Object> of(Order order) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("orderNo", order.orderNo());
        answer.put("status", order.status());
        answer.put("productId", order.productId());
        answer.put("productName", order.productName());
        answer.put("quantity", order.quantity());
        answer.put("unitPrice", order.unitPrice());
        answer.put("amount", order.amount());
        answer.put("fee", order.fee()); // the channel's surcharge, already in amount
        answer.put("currency", order.currency());
        answer.put("channel", order.channel());
        answer.put("createdAt", Instant.ofEpochMilli(order.createdAt()));
        answer.put("expiresAt", Instant.ofEpochMilli(order.expiresAt()));
        return answer;
    }
}
