package io.kamishop.storefront.view;

/**
 * A product as buyers see it.
 *
 * @param price       the unit price formatted for the buyer's language, e.g. {@code ¥9.90}
 * @param available   keys in stock now
 * @param category    the product's category, or {@code null} while the catalogue has none
 */
public record ProductCard(long id, String name, String description, String price, long available, boolean inStock,
                          String url, String category) {
}
