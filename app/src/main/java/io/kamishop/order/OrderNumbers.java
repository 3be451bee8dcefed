package io.kamishop.order;

import io.kamishop.crypto.Tokens;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Order numbers: the UTC minute then ten random digits, e.g. {@code 26112516451234567890}. Sortable
 * by time for the merchant, not guessable, and never enough on their own to read an order.
 */
final class OrderNumbers {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private OrderNumbers() {}

    static String next(Clock clock) {
        return MINUTE.format(clock.instant()) + Tokens.digits(10);
    }
}
