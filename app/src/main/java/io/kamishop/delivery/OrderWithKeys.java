package io.kamishop.delivery;

import io.kamishop.order.Order;
import io.kamishop.order.OrderSummary;
import java.util.List;
import java.util.Map;

/**
 * An order as a buyer who proved it is theirs sees it in a list (look-up by password, the account's
 * orders): the summary every door shows, plus the keys once they may be shown.
 */
public final class OrderWithKeys {

    private OrderWithKeys() {}

    public static Map<String, Object> of(Order order, DeliveryService delivery) {
        Map<String, Object> view = OrderSummary.of(order);
        List<String> keys = delivery.visibleKeys(order);
        if (!keys.isEmpty()) {
            view.put("keys", keys);
        }
        return view;
    }
}
