package io.kamishop.flags;

import io.kamishop.db.Tx;
import io.kamishop.domain.Audience;
import io.kamishop.order.Order;
import io.kamishop.order.OrderRequest;
import io.kamishop.order.PlacementStep;
import io.kamishop.order.PriceQuote;
import java.util.Map;

/**
 * Records, in the transaction that places an order, the arm of every enabled flag for its buyer (which
 * channels they were offered, which theme or feature they met): the per-arm counts of placed and paid
 * orders come from these rows. A step of
 * {@code OrderService.place}, so every door (API, storefront, bot) records alike.
 */
public final class FlagExposures implements PlacementStep {

    private final Flags flags;

    public FlagExposures(Flags flags) {
        this.flags = flags;
    }

    @Override
    public void placed(Tx tx, Order order, OrderRequest request, PriceQuote quote) {
        Map<String, Arm> arms = flags.armsOf(new Audience(request.requester(), request.email()));
        if (arms.isEmpty()) {
            return;
        }
        FlagDao dao = tx.dao(FlagDao.class);
        arms.forEach((key, arm) -> dao.expose(order.id(), key, arm.code()));
    }
}
