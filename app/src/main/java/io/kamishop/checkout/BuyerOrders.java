package io.kamishop.checkout;

import io.kamishop.archive.OrderArchive;
import io.kamishop.domain.Refusal;
import io.kamishop.domain.Requester;
import io.kamishop.order.Order;
import io.kamishop.order.OrderService;
import io.kamishop.web.RateLimits;
import org.jspecify.annotations.Nullable;

/**
 * The buyer's "open my order" use case, behind the order API, the HTML order page, its key download
 * and pay-again button, and the lookup page: a wrong token or unknown order counts against the
 * requester's address, and too many are refused (429) at every door alike, so guessing tokens on
 * the HTML pages is no cheaper than on the API.
 */
public final class BuyerOrders {

    private final OrderService orders;
    private final RateLimits limits;
    private final OrderArchive archive;

    /** {@code archive}: where an order no longer hot opens (read-only, with the same token). */
    public BuyerOrders(OrderService orders, RateLimits limits, OrderArchive archive) {
        this.orders = orders;
        this.limits = limits;
        this.archive = archive;
    }

    /** The order, if the token opens it; refused not-found otherwise, rate-limited after too many misses. */
    public Order open(String orderNo, @Nullable String token, Requester requester) {
        limits.checkLookup(requester.address());
        try {
            return orders.requireForBuyer(orderNo, token);
        } catch (Refusal e) {
            // Not hot: an archived order opens with the same token, read-only (it is final), a cold one brought back.
            var archived = e.kind() == Refusal.Kind.NOT_FOUND
                    ? archive.openForBuyer(orderNo, token)
                    : java.util.Optional.<OrderArchive.Opened>empty();
            if (archived.isPresent()) {
                return archived.get().order();
            }
            limits.lookupFailed(requester.address());
            throw e;
        }
    }
}
