package io.kamishop.storefront.view;

/**
 * A product as buyers see it.
 *
 * @param price       the unit price formatted for the buyer's language, e.g. {@code ¥9.90}
 * @param available   units in stock now (keys, uses, copies); meaningless when {@code unlimited}
 * @param category    the product's category, or {@code null} while the catalogue has none
 * @param unlimited   the product never runs out (a file, a shared key without a use limit...): show "in stock", no count
 */
public record ProductCard(long id, String name, String description, String price, long available, boolean inStock,
                          String url, String category, boolean unlimited) {

    /** A card of counted stock. */
    public ProductCard(long id, String name, String description, String price, long available, boolean inStock,
                       String url, String category) {
        this(id, name, description, price, available, inStock, url, category, false);
    }
}
