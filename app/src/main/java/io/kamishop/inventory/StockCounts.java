package io.kamishop.inventory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stock of one product by state. For card keys {@code available + reserved + sold} is every key ever
 * imported; for the unit kinds it is the cap ({@code maxUses}). A kind without a cap that has what it delivers
 * is {@code unlimited} and reports {@link #UNLIMITED} available, so "is any left" checks need no special case.
 */
public record StockCounts(long available, long reserved, long sold, boolean unlimited) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    public StockCounts(long available, long reserved, long sold) {
        this(available, reserved, sold, false);
    }

    /** As the API shows it: without a cap, {@code "available": null, "unlimited": true} rather than a made-up number. */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("available", unlimited ? null : available);
        view.put("reserved", reserved);
        view.put("sold", sold);
        if (unlimited) {
            view.put("unlimited", true);
        }
        return view;
    }
}
