package io.kamishop.risk;

import java.util.Map;
import java.util.TreeMap;

/**
 * Orders per second over the last day, for one IP, email, device or product. Sparse: a buyer with
 * three orders costs three entries.
 */
final class OrderWindow {

    static final long SPAN_SECONDS = 24 * 60 * 60;

    private final TreeMap<Long, Long> perSecond = new TreeMap<>();

    static OrderWindow of(Iterable<SecondCount> seconds) {
        OrderWindow window = new OrderWindow();
        for (SecondCount count : seconds) {
            window.perSecond.merge(count.second(), count.orders(), Long::sum);
        }
        return window;
    }

    synchronized void add(long atMillis) {
        long second = Math.floorDiv(atMillis, 1000);
        perSecond.merge(second, 1L, Long::sum);
        perSecond.headMap(second - SPAN_SECONDS).clear();
    }

    /** Orders within {@code windowMillis} before {@code nowMillis}. */
    synchronized long countSince(long nowMillis, long windowMillis) {
        long from = Math.floorDiv(nowMillis - windowMillis, 1000);
        long total = 0;
        for (Map.Entry<Long, Long> entry : perSecond.tailMap(from, false).entrySet()) {
            total += entry.getValue();
        }
        return total;
    }
}
