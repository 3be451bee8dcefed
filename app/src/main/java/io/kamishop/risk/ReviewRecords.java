package io.kamishop.risk;

import io.kamishop.db.FastSql;
import io.kamishop.db.Tx;
import io.kamishop.order.EventDetail;
import io.kamishop.order.Order;
import io.kamishop.order.OrderTransitions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The review rows, within the caller's transaction: putting an order under review and finding its
 * review. What the risk gate needs of reviews, apart from the merchant's decisions ({@link Reviews}),
 * which deliver an approved order and so need the delivery the gate guards.
 */
final class ReviewRecords {

    // Looked up by every payment on the serial write path, so through plain JDBC (see FastSql).
    private static final FastSql FIND = FastSql.of(RiskDao.class, "findReview", "orderId");
    private static final RiskDao.ReviewMapper REVIEW_ROWS = new RiskDao.ReviewMapper();

    private final OrderTransitions orders;
    private final Clock clock;

    ReviewRecords(OrderTransitions orders, Clock clock) {
        this.orders = orders;
        this.clock = clock;
    }

    /** Within the caller's transaction: puts an order under review, unless it has been reviewed already. */
    void open(Tx tx, Order order, List<String> reasons) {
        if (find(tx, order.id()).isPresent()) {
            return;
        }
        RiskDao dao = tx.dao(RiskDao.class);
        String text = String.join("\n", reasons);
        dao.insertReview(order.id(), order.orderNo(), text, clock.millis());
        orders.note(tx, order.id(), "risk_review", EventDetail.of("held_for_review", String.join("; ", reasons)));
    }

    Optional<Review> find(Tx tx, long orderId) {
        return FIND.first(tx, REVIEW_ROWS, orderId);
    }
}
