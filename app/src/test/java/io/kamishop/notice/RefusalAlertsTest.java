package io.kamishop.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.kamishop.api.Notifier.StoreNotice;
import io.kamishop.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalAlertsTest {

    private final MutableClock clock = MutableClock.now();
    private final List<StoreNotice> told = new ArrayList<>();
    private final RefusalAlerts alerts = new RefusalAlerts(clock, told::add);

    @Test
    void theFirstRefusalIsToldAtOnceAndTheRestOfTheHourWithTheNextOneAfterIt() {
        for (int i = 0; i < 5; i++) {
            alerts.refused("alipay", "notification_rejected");
        }
        assertThat(told).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(StoreNotice.Kind.NOTIFICATIONS_REFUSED);
            assertThat(n.fields())
                    .containsEntry("channel", "alipay")
                    .containsEntry("reason", "notification_rejected")
                    .containsEntry("count", "1");
        });

        clock.advance(RefusalAlerts.QUIET);
        alerts.refused("alipay", "notification_rejected");

        assertThat(told).hasSize(2);
        assertThat(told.get(1).fields()).containsEntry("count", "5");
    }

    @Test
    void eachChannelAndReasonHasItsOwnWindow() {
        alerts.refused("alipay", "notification_rejected");
        alerts.refused("alipay", "amount_mismatch");
        alerts.refused("stripe", "notification_rejected");
        alerts.refused("stripe", "notification_rejected");

        assertThat(told).hasSize(3);
    }

    @Test
    void aChannelNameFromTheUrlIsShownOnlyWhenItIsAPlainId() {
        alerts.refused("<a href=\"https://evil.example\">reset your password</a>", "channel_not_found");
        alerts.refused("alipay", "Something <b>odd</b>");

        assertThat(told).extracting(n -> n.fields().get("channel")).containsExactly("?", "alipay");
        assertThat(told.get(1).fields()).containsEntry("reason", "refused");
        assertThat(told)
                .allSatisfy(n -> assertThat(n.subject() + n.text())
                        .doesNotContain("evil")
                        .doesNotContain("<"));
    }

    @Test
    void aFloodOfMadeUpChannelsCannotGrowTheWindowsOrTheAlertsWithoutBound() {
        for (int i = 0; i < RefusalAlerts.MAX_WINDOWS + 1000; i++) {
            alerts.refused("probe" + i, "channel_not_found");
        }

        assertThat(told).hasSize(RefusalAlerts.MAX_WINDOWS + 1);
        assertThat(told.get(told.size() - 1).fields()).containsEntry("channel", "*");

        clock.advance(Duration.ofMinutes(61));
        alerts.refused("probe-after-an-hour", "channel_not_found");
        assertThat(told.get(told.size() - 1).fields()).containsEntry("channel", "probe-after-an-hour");
    }
}
