package io.kamishop.inventory;

/**
 * Stock of one product by state. For card keys {@code available + reserved + sold} is every key ever
 * imported; for the unit kinds it is the cap ({@code maxUses}). A kind without a cap is
 * {@code unlimited} and reports {@link #UNLIMITED} available, so "is any left" checks need no special case.
 */
public record StockCounts(long available, long reserved, long sold, boolean unlimited) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    public StockCounts(long available, long reserved, long sold) {
        this(available, reserved, sold, false);
    }

    public long total() {
        return unlimited ? UNLIMITED : available + reserved + sold;
    }
}
