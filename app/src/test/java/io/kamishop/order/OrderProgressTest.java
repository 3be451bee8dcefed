package io.kamishop.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderProgressTest {

    private static Order order(String status) {
        return new Order(
                1,
                "20261206000001",
                1,
                "Game",
                1,
                100,
                100,
                "CNY",
                "b@example.com",
                "sandbox",
                status,
                "h",
                "127.0.0.1",
                null,
                0,
                0,
                0,
                0);
    }

    private static List<OrderEvent> events(String... kinds) {
        List<OrderEvent> events = new ArrayList<>();
        for (String kind : kinds) {
            events.add(new OrderEvent(events.size() + 1, 1, kind, null, null, "", null, null, events.size()));
        }
        return events;
    }

    @Test
    void aPaidOrderHeldForReviewIsBeingReviewedUntilApproved() {
        assertThat(OrderProgress.of(order("paid"), events("created", "risk_review", "paid", "held_for_review")))
                .isEqualTo(OrderProgress.IN_REVIEW);
        assertThat(OrderProgress.of(order("paid"), events("created", "paid", "held_for_review", "risk_approved")))
                .isEqualTo(OrderProgress.DELIVERING);
        assertThat(OrderProgress.of(
                        order("paid"),
                        events("created", "paid", "held_for_review", "risk_approved", "awaiting_fulfilment")))
                .isEqualTo(OrderProgress.AWAITING_FULFILMENT);
    }

    @Test
    void noPaidOrderEverReadsAsWaitingForPayment() {
        for (OrderStatus status : OrderStatus.values()) {
            OrderProgress progress = OrderProgress.of(order(status.code()), events("created", "risk_review", "paid"));
            assertThat(progress == OrderProgress.AWAITING_PAYMENT)
                    .as(status.code())
                    .isEqualTo(status == OrderStatus.PENDING);
        }
    }
}
