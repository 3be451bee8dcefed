package io.kamishop.storefront;

/**
 * Where a sub-store's pages are being served: under {@code /s/{slug}} on the store's own host, or at the root of the
 * host name the merchant approved for it. Every link and form of its pages is built from here, so a page never
 * points at the mapped host unless it was served there, and never at the main store's checkout.
 */
record SubStorePlace(SubStores.SubStore store, String base) {

    static SubStorePlace underPath(SubStores.SubStore store) {
        return new SubStorePlace(store, "/s/" + store.slug());
    }

    static SubStorePlace atOwnHost(SubStores.SubStore store) {
        return new SubStorePlace(store, "");
    }

    boolean atOwnHost() {
        return base.isEmpty();
    }

    String home() {
        return base + "/";
    }

    String productUrl(long productId) {
        return base + "/products/" + productId;
    }

    String checkoutUrl() {
        return base + "/checkout";
    }

    /** The quote API answers on every host: the script asks it by slug. */
    String quoteUrl(long productId) {
        return "/api/s/" + store.slug() + "/products/" + productId + "/quote";
    }

    /** What a cached page of this sub-store is kept under, besides its path: never shared with the main store's. */
    String cacheVariant() {
        return "substore:" + store.slug() + (atOwnHost() ? "@" + store.host() : "");
    }
}
