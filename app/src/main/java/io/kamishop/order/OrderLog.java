package io.kamishop.order;

import io.kamishop.observability.LogContext;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per committed order status change, with the order number in the MDC: whatever
 * thread made the change (a request, the group-commit thread, the expiry sweeper, the
 * reconciler), the order's story can be read back with one filter on {@code orderNo}.
 */
public final class OrderLog {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLog.class);

    private OrderLog() {}

    private static String name(OrderStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    public static void changed(OrderChange change) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        try (var ignored =
                LogContext.order(change.order().orderNo(), change.order().channel())) {
            LOG.info(
                    "order {} {} -> {} ({})",
                    change.order().orderNo(),
                    change.from() == null ? "new" : name(change.from()),
                    name(change.to()),
                    change.kind());
        }
    }
}
