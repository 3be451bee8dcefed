package io.kamishop.plugins.notify;

import io.kamishop.api.Notifier.StoreNotice.Kind;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The events a merchant can choose to hear about in a messenger, by the names the {@code events}
 * setting takes (the same names as the signed webhooks' event types). Expired and cancelled orders are
 * not offered: on a phone they are noise; the webhooks carry them.
 */
public final class AlertEvents {

    /** Every choice, by name, in the order the settings form lists them. */
    public static final Map<String, Kind> BY_NAME = byName();
    /** What {@code *} (and an empty choice) means. */
    public static final String ALL = "*";

    private AlertEvents() {}

    private static Map<String, Kind> byName() {
        Map<String, Kind> events = new LinkedHashMap<>();
        events.put("order.paid", Kind.ORDER_PAID);
        events.put("order.delivered", Kind.ORDER_DELIVERED);
        events.put("order.held_for_review", Kind.ORDER_HELD_FOR_REVIEW);
        events.put("order.refund_due", Kind.REFUND_DUE);
        events.put("order.refunded", Kind.ORDER_REFUNDED);
        events.put("stock.low", Kind.LOW_STOCK);
        events.put("plugin.failed", Kind.PLUGIN_FAILED);
        events.put("payment.notification_refused", Kind.NOTIFICATIONS_REFUSED);
        return java.util.Collections.unmodifiableMap(events);
    }

    /**
     * The kinds a merchant chose: entries one per line (or comma-separated), {@code *} or nothing for
     * all. An unknown name chooses nothing (the settings form offers none).
     */
    public static Set<Kind> chosen(Collection<String> entries) {
        Set<String> names = entries.stream()
                .flatMap(e -> Arrays.stream(e.split(",")))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
        if (names.isEmpty() || names.contains(ALL)) {
            return EnumSet.copyOf(BY_NAME.values());
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        BY_NAME.forEach((name, kind) -> {
            if (names.contains(name)) {
                kinds.add(kind);
            }
        });
        return kinds;
    }
}
