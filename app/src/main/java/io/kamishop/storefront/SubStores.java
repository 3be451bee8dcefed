package io.kamishop.storefront;

import io.kamishop.catalog.Product;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The resellers' sub-stores as the storefront sees them (the reseller feature implements it; the storefront sits
 * below it): which one sells at a slug, and its price of a product.
 */
public interface SubStores {

    /**
     * A sub-store that sells: its reseller, address, name, announcement, theme ('' for the store's own) and the host
     * name it is served at (null without one, or before the merchant approved it).
     */
    record SubStore(
            long resellerId,
            String slug,
            String name,
            String announcement,
            String theme,
            @Nullable String host) {}

    /**
     * What a reseller sees of itself in the buyer account: its sub-store, earnings (minor units per currency) and
     * its latest orders, as {@code GET /api/account/reseller} answers them.
     */
    record ResellerView(
            String status,
            String slug,
            String name,
            String announcement,
            String theme,
            @Nullable String host,
            boolean hostApproved,
            java.util.Map<String, Object> earnings,
            java.util.List<java.util.Map<String, Object>> markups,
            java.util.List<java.util.Map<String, Object>> orders) {}

    /** The buyer account's reseller, if it applied. */
    Optional<ResellerView> of(long buyerAccountId);

    /** The same use cases as {@code /api/account/reseller}: refusals as there. */
    void apply(long buyerAccountId, String slug, String name);

    void updateStore(long buyerAccountId, String name, String announcement, String theme);

    /** The host name the reseller asks for ('' for none); it serves once the merchant approves it. */
    void requestHost(long buyerAccountId, String host);

    void setMarkup(long buyerAccountId, long productId, String kind, long amount);

    Optional<SubStore> selling(String slug);

    /** The sub-stores served at host names of their own (approved by the merchant), by lower-case name. */
    java.util.Map<String, SubStore> byHost();

    /** One unit's price on the sub-store: the merchant's price plus the reseller's markup, never below the merchant's. */
    long price(SubStore store, Product product);
}
