package io.kamishop.order;

import io.kamishop.catalog.Product;
import io.kamishop.db.Tx;

/**
 * A check an order passes before anything is reserved for it (the risk stage). It refuses by
 * throwing an {@link io.kamishop.domain.Refusal}; the order is then never stored and holds nothing.
 */
public interface OrderGate {

    /** Judges a valid request for an active product; throws to refuse it. */
    Admission admit(OrderRequest request, Product product);

    /** What the gate wants to hear about an order it let through. */
    interface Admission {

        /**
         * Within the placing transaction, once the order exists and holds its stock. Not called when
         * the order is not placed after all (out of stock): the gate must not wait for it.
         */
        void placed(Tx tx, Order order);
    }
}
