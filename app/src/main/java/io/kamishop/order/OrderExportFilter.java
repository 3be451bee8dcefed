package io.kamishop.order;

import io.kamishop.domain.Refusal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which orders a CSV export holds; every part optional. {@code from} and {@code to} are a day
 * ({@code 2026-12-01}, in the merchant's time zone, {@code to} taking in the whole day) or an instant
 * ({@code 2026-12-01T08:00:00Z}, {@code to} exclusive). A value that cannot be read is refused, never
 * dropped: an export that silently ignored a filter would hand over more orders than asked for.
 *
 * @param fromMillis inclusive, or null
 * @param toMillis   exclusive, or null
 */
public record OrderExportFilter(
        @Nullable OrderStatus status,
        @Nullable Long fromMillis,
        @Nullable Long toMillis,
        @Nullable Long productId,
        @Nullable String channel) {

    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public static OrderExportFilter parse(
            @Nullable String status,
            @Nullable String from,
            @Nullable String to,
            @Nullable String productId,
            @Nullable String channel,
            ZoneId zone) {
        OrderStatus s = null;
        String statusText = stripped(status);
        if (statusText != null) {
            try {
                s = OrderStatus.of(statusText);
            } catch (IllegalArgumentException e) {
                throw Refusal.badRequest("invalid_status", "unknown status '" + status + "'");
            }
        }
        String fromText = stripped(from);
        String toText = stripped(to);
        Long fromMillis = fromText != null ? moment(fromText, zone, false, "from") : null;
        Long toMillis = toText != null ? moment(toText, zone, true, "to") : null;
        if (fromMillis != null && toMillis != null && fromMillis >= toMillis) {
            throw Refusal.badRequest("invalid_range", "from must be before to");
        }
        Long product = null;
        String productText = stripped(productId);
        if (productText != null) {
            try {
                product = Long.parseLong(productText);
            } catch (NumberFormatException e) {
                product = 0L;
            }
            if (product <= 0) {
                throw Refusal.badRequest("invalid_productId", "productId must be a product id");
            }
        }
        String ch = stripped(channel);
        if (ch != null && !CHANNEL.matcher(ch).matches()) {
            throw Refusal.badRequest("invalid_channel", "channel must be a channel id such as 'sandbox'");
        }
        return new OrderExportFilter(s, fromMillis, toMillis, product, ch);
    }

    /** The text without its surrounding blanks; null when there is none (a filter left out). */
    private static @Nullable String stripped(@Nullable String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static long moment(String text, ZoneId zone, boolean endOfDay, String name) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day)
                        .atStartOfDay(zone)
                        .toInstant()
                        .toEpochMilli();
            }
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            throw Refusal.badRequest(
                    "invalid_" + name,
                    name + " must be a day such as 2026-12-01 or an instant such as 2026-12-01T08:00:00Z");
        }
    }
}
