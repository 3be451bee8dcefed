package io.kamishop.inventory;

/** Keys of one product by state. {@code available + reserved + sold} is every key ever imported. */
public record StockCounts(long available, long reserved, long sold) {
    public long total() {
        return available + reserved + sold;
    }
}
