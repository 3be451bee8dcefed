package io.kamishop.reseller;

import io.kamishop.catalog.Product;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.Ledger;
import io.kamishop.storefront.SubStores;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The resellers as the storefront's pages see them: the sub-stores and the reseller's own account pages. */
public final class SubStoreDesk implements SubStores {

    private final Resellers resellers;
    private final ResellerEarnings earnings;
    private final Ledger ledger;

    public SubStoreDesk(Resellers resellers, ResellerEarnings earnings, Ledger ledger) {
        this.resellers = resellers;
        this.earnings = earnings;
        this.ledger = ledger;
    }

    @Override
    public Optional<SubStore> selling(String slug) {
        try {
            return Optional.of(subStore(resellers.requireSelling(slug)));
        } catch (Refusal unknown) {
            return Optional.empty();
        }
    }

    @Override
    public Map<String, SubStore> byHost() {
        Map<String, SubStore> served = new java.util.LinkedHashMap<>();
        resellers.servedHosts().forEach((host, r) -> served.put(host, subStore(r)));
        return Map.copyOf(served);
    }

    private static SubStore subStore(Reseller r) {
        return new SubStore(
                r.id(),
                r.slug(),
                r.name(),
                r.announcement(),
                r.theme(),
                r.servedHost().orElse(null));
    }

    @Override
    public long price(SubStore store, Product product) {
        return resellers.shownPrice(store.resellerId(), product);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<ResellerView> of(long buyerAccountId) {
        return resellers.ofAccount(buyerAccountId).map(r -> {
            Map<String, Object> view = ResellerRoutes.view(r, resellers, earnings, ledger, true);
            return new ResellerView(
                    r.status(),
                    r.slug(),
                    r.name(),
                    r.announcement(),
                    r.theme(),
                    r.host(),
                    r.hostApproved(),
                    // ResellerRoutes.view always puts the earnings, and the markups and orders with detail (true).
                    (Map<String, Object>) Objects.requireNonNull(view.get("earnings"), "no earnings"),
                    (List<Map<String, Object>>) Objects.requireNonNull(view.get("markups"), "no markups"),
                    (List<Map<String, Object>>) Objects.requireNonNull(view.get("orders"), "no orders"));
        });
    }

    @Override
    public void apply(long buyerAccountId, String slug, String name) {
        resellers.apply(buyerAccountId, slug, name);
    }

    @Override
    public void updateStore(long buyerAccountId, String name, String announcement, String theme) {
        resellers.updateStore(buyerAccountId, name, announcement, theme);
    }

    @Override
    public void requestHost(long buyerAccountId, String host) {
        resellers.requestHost(buyerAccountId, host);
    }

    @Override
    public void setMarkup(long buyerAccountId, long productId, String kind, long amount) {
        resellers.setMarkup(buyerAccountId, productId, kind, amount);
    }
}
