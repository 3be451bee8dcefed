package io.kamishop.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.Notifier.StoreNotice.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertEventsTest {

    @Test
    void nothingOrAStarChoosesEveryEventOffered() {
        assertThat(AlertEvents.chosen(List.of())).containsExactlyInAnyOrderElementsOf(AlertEvents.BY_NAME.values());
        assertThat(AlertEvents.chosen(List.of("*")))
                .hasSize(8)
                .doesNotContain(Kind.ORDER_EXPIRED, Kind.ORDER_CANCELLED, Kind.TEST);
    }

    @Test
    void namesChooseTheirKindsWhetherOnLinesOrSeparatedByCommas() {
        assertThat(AlertEvents.chosen(List.of("order.paid", "stock.low, payment.notification_refused")))
                .containsExactlyInAnyOrder(Kind.ORDER_PAID, Kind.LOW_STOCK, Kind.NOTIFICATIONS_REFUSED);
        assertThat(AlertEvents.chosen(List.of("order.nonsense"))).isEmpty();
    }
}
