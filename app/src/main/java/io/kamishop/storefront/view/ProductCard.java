package io.kamishop.storefront.view;

import org.jspecify.annotations.Nullable;

/**
 * A product as buyers see it.
 *
 * @param price           the unit price formatted for the buyer's language, e.g. {@code ¥9.90}
 * @param available       units in stock now (keys, uses, copies); meaningless when {@code unlimited}
 * @param category        the product's category, or {@code null} while the catalogue has none
 * @param unlimited       the product never runs out (a file, a shared key without a use limit...): show "in stock", no count
 * @param fewLeft         in stock, but at or below the merchant's "few left" threshold
 * @param showCount       the merchant shows buyers how many units are in stock (else only in stock / few left / sold out)
 * @param descriptionHtml the Markdown description rendered and sanitised (safe to print unescaped)
 * @param summary         the description as one short line of plain text, for meta tags
 * @param categoryUrl     the category's page, or {@code null} without a category
 * @param image           the product's picture, or {@code null} when it has none
 */
public record ProductCard(
        long id,
        String name,
        String description,
        String price,
        long available,
        boolean inStock,
        String url,
        @Nullable String category,
        boolean unlimited,
        boolean fewLeft,
        boolean showCount,
        String descriptionHtml,
        String summary,
        @Nullable String categoryUrl,
        @Nullable Picture image) {}
