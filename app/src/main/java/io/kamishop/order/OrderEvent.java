package io.kamishop.order;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of an order's history.
 *
 * @param detail     the English sentence lines written before details were coded (empty on newer lines)
 * @param detailCode the detail's message code (null on lines written before, which keep their sentence)
 * @param detailArgs the detail's arguments as a JSON array of strings
 */
public record OrderEvent(
        long id,
        long orderId,
        String kind,
        @Nullable String fromStatus,
        @Nullable String toStatus,
        String detail,
        @Nullable String detailCode,
        @Nullable String detailArgs,
        long at) {

    /** What this line says as a code and arguments; empty for a line written before, read by its {@link #detail}. */
    public Optional<EventDetail> coded() {
        return detailCode == null ? Optional.empty() : Optional.of(EventDetail.decode(detailCode, detailArgs));
    }
}
