package io.kamishop.storefront.view;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of the catalogue: everything, a category, or a search's results.
 *
 * @param query       the search words as the buyer sees them, cleaned; empty when not searching
 * @param category    the category shown, or empty for every category
 * @param sort        the current sort's code
 * @param action      where the search and sort form sends the buyer (keeps the category page)
 * @param total       how many products match in all pages
 * @param previousUrl the previous page, or {@code null} on the first
 * @param nextUrl     the next page, or {@code null} on the last
 */
public record Shelf(
        String query,
        String category,
        String sort,
        String action,
        List<ProductCard> products,
        long total,
        int page,
        int pages,
        @Nullable String previousUrl,
        @Nullable String nextUrl,
        List<SortOption> sorts) {}
