package io.kamishop.storefront.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * "My account": the verified address, the balance in each currency it holds, and the orders placed with the address.
 *
 * @param balances formatted balances, one per currency; empty when no credit ever reached the account
 * @param next     the id to ask the next page of orders with, or null on the last page
 */
public record AccountView(
        String email,
        List<String> balances,
        List<AccountOrder> orders,
        @Nullable Long next) {

    /** An order of the list, with the link to its keys once it has some. */
    public record AccountOrder(FoundOrder order, @Nullable String keysUrl) {}
}
