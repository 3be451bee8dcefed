package io.kamishop.order;

import io.kamishop.catalog.Product;
import io.kamishop.db.Tx;

/**
 * A feature's part in placing an order (pricing, coupons, query passwords). Both methods run inside
 * the one transaction that writes the order and holds its keys, so whatever a step claims (a coupon
 * use, a purchase limit) commits with the order or not at all. A step refuses an order by throwing
 * an {@link io.kamishop.domain.Refusal}; the transaction rolls back and nothing changes.
 */
public interface PlacementStep {

    /** Refines the price; steps run in the order they were added, each seeing the previous one's quote. */
    default PriceQuote price(Tx tx, Product product, OrderRequest request, PriceQuote quote) {
        return quote;
    }

    /** The order row exists now (still uncommitted): record what belongs to it. */
    default void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {}
}
