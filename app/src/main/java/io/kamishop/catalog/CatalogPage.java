package io.kamishop.catalog;

import java.util.List;

/** One page of the catalogue for a {@link CatalogQuery}, and how many products match it in all. */
public record CatalogPage(CatalogQuery query, List<Product> products, long total) {

    public int pages() {
        return (int) Math.max(1, (total + CatalogQuery.PAGE_SIZE - 1) / CatalogQuery.PAGE_SIZE);
    }

    public boolean hasNext() {
        return query.page() < pages();
    }
}
