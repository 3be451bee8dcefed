package io.kamishop.refund;

import io.kamishop.config.StoreSettings;
import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.payment.ChannelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refunds the store owes by itself, run by one node at a time (the leader of {@link #DUTY}).
 *
 * <p>Each pass (1) records an automatic refund for every payment the merchant's policy says to give
 * back (late payments, second payments, undeliverable orders; each switched on in the store settings)
 * once it is older than the delay, and (2) sends every pending refund whose next attempt is due: new
 * ones, and those a gateway failed or timed out on, with a growing wait between attempts.
 *
 * <p>Nothing lives in memory: a payment is due as long as no refund of it exists, and a refund is owed
 * as long as it is {@code pending}, so a restart, or another node taking over, picks up where this one
 * stopped. The refund id derived from the payment makes a second recording impossible and tells the
 * gateway that a resent refund is the same one. A channel that cannot refund is never picked: such a
 * payment stays flagged (its order {@code refund_pending}) for the merchant.
 */
public final class RefundSweeper {

    /** The leadership duty of this sweeper. */
    public static final String DUTY = "refunds";

    private static final Logger LOG = LoggerFactory.getLogger(RefundSweeper.class);
    private static final int BATCH = 100;

    private final Database database;
    private final RefundService refunds;
    private final StoreSettings settings;
    private final Supplier<List<String>> refundingChannels;
    private final Clock clock;

    public RefundSweeper(
            Database database, RefundService refunds, StoreSettings settings, ChannelRegistry channels, Clock clock) {
        this(
                database,
                refunds,
                settings,
                () -> channels.available().stream()
                        .filter(c -> c.capabilities().contains(io.kamishop.api.PaymentChannel.Capability.REFUND))
                        .map(io.kamishop.api.PaymentChannel::id)
                        .toList(),
                clock);
    }

    RefundSweeper(
            Database database,
            RefundService refunds,
            StoreSettings settings,
            Supplier<List<String>> refundingChannels,
            Clock clock) {
        this.database = database;
        this.refunds = refunds;
        this.settings = settings;
        this.refundingChannels = refundingChannels;
        this.clock = clock;
    }

    /** One pass: record what the policy says is due, then send what is owed. Returns how many refunds were sent. */
    public int sweep() {
        recordDue();
        int sent = 0;
        for (Refund owed : refunds.due(BATCH)) {
            Refund after = refunds.send(owed);
            if (!after.isPending()) {
                sent++;
            }
        }
        return sent;
    }

    private void recordDue() {
        boolean late = settings.getBoolean(StoreSettings.AUTO_REFUND_LATE);
        boolean duplicate = settings.getBoolean(StoreSettings.AUTO_REFUND_DUPLICATE);
        boolean undeliverable = settings.getBoolean(StoreSettings.AUTO_REFUND_UNDELIVERABLE);
        if (!late && !duplicate && !undeliverable) {
            return;
        }
        List<String> channels = refundingChannels.get();
        if (channels.isEmpty()) {
            return;
        }
        long paidBefore = clock.millis()
                - Duration.ofMinutes(settings.getInt(StoreSettings.AUTO_REFUND_DELAY_MINUTES))
                        .toMillis();
        if (late) {
            record(
                    database.read(tx -> tx.dao(RefundDao.class).latePaymentsDue(channels, paidBefore, BATCH)),
                    "automatic: paid after the order had ended");
        }
        if (duplicate) {
            record(
                    database.read(tx -> tx.dao(RefundDao.class).duplicatePaymentsDue(channels, paidBefore, BATCH)),
                    "automatic: a second payment of an order already paid");
        }
        if (undeliverable) {
            record(
                    database.read(tx -> tx.dao(RefundDao.class).undeliverableDue(channels, paidBefore, BATCH)),
                    "automatic: the order cannot be delivered");
        }
    }

    private void record(List<DuePayment> due, String reason) {
        for (DuePayment payment : due) {
            try {
                Refund refund = refunds.refundAutomatically(payment, reason);
                LOG.info(
                        "automatic refund {} of {} {} (trade {})",
                        refund.refundId(),
                        refund.amount(),
                        refund.currency(),
                        payment.tradeNo());
            } catch (Refusal e) {
                // The order moved meanwhile (the merchant refunded or delivered it): nothing is due any more.
                LOG.info("no automatic refund of trade {}: {}", payment.tradeNo(), e.getMessage());
            }
        }
    }
}
