package io.kamishop.account;

import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import java.util.List;

/**
 * "My orders": every order placed with the account's verified address, signed in or not when it was
 * placed, since owning the address is what the sign-in proved.
 */
public final class AccountOrders {

    public static final int PAGE = 50;

    private final OrderService orders;

    public AccountOrders(OrderService orders) {
        this.orders = orders;
    }

    /** Newest first, a page at a time; {@code beforeId} 0 for the first page. */
    public List<Order> of(BuyerAccount account, long beforeId) {
        return orders.forEmail(account.emailLower(), PAGE, beforeId);
    }
}
