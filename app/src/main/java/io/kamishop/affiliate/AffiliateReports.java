package io.kamishop.affiliate;

import io.kamishop.db.Database;
import io.kamishop.domain.Refusal;
import io.kamishop.ledger.AccountKind;
import io.kamishop.ledger.Ledger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What an affiliate and the merchant see: link, clicks, orders, earnings; and the merchant's commission rules. */
public final class AffiliateReports {

    private static final Set<String> SCOPES = Set.of("store", "category", "product");

    private final Database database;
    private final Ledger ledger;
    private final Clock clock;

    public AffiliateReports(Database database, Ledger ledger, Clock clock) {
        this.database = database;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** One affiliate's data; {@code storeUrl} is the store's base URL for the link. */
    public Map<String, Object> view(Affiliate affiliate, String storeUrl) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", affiliate.id());
        view.put("code", affiliate.code());
        view.put("link", storeUrl + "/?ref=" + affiliate.code());
        view.put("email", affiliate.email());
        view.put("referredBy", affiliate.parentId());
        view.put("clicks", affiliate.clicks());
        view.put("orders", database.read(tx -> tx.dao(AffiliateDao.class).attributedOrders(affiliate.id())));
        Map<String, Object> earnings = new LinkedHashMap<>();
        earnings.put("pending", ledger.balances(AccountKind.AFFILIATE_PENDING, affiliate.owner()));
        earnings.put("available", ledger.balances(AccountKind.AFFILIATE_AVAILABLE, affiliate.owner()));
        earnings.put("withdrawing", ledger.balances(AccountKind.WITHDRAWAL_HELD, affiliate.owner()));
        earnings.put("paidOut", ledger.balances(AccountKind.PAYOUT, affiliate.owner()));
        earnings.put(
                "debt",
                ledger.debts(affiliate.owner()).values().stream()
                        .mapToLong(Long::longValue)
                        .sum());
        view.put("earnings", earnings);
        view.put("createdAt", Instant.ofEpochMilli(affiliate.createdAt()));
        return view;
    }

    /**
     * What the affiliate's own page shows: link, clicks, attributed orders, and per currency the pending and available
     * earnings and the debt (what reversals could not take back, less what later releases netted).
     */
    public record Summary(
            String code,
            String link,
            long clicks,
            long orders,
            Map<String, Long> pending,
            Map<String, Long> available,
            Map<String, Long> debt) {}

    public Summary summary(Affiliate affiliate, String storeUrl) {
        Map<String, Long> pending = ledger.balances(AccountKind.AFFILIATE_PENDING, affiliate.owner());
        Map<String, Long> available = ledger.balances(AccountKind.AFFILIATE_AVAILABLE, affiliate.owner());
        // One debt per holder, whether commissions or reseller markups left it (see Ledger.reclaim).
        Map<String, Long> debt = new java.util.TreeMap<>(ledger.debts(affiliate.owner()));
        debt.values().removeIf(owed -> owed <= 0);
        return database.read(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            return new Summary(
                    affiliate.code(),
                    storeUrl + "/?ref=" + affiliate.code(),
                    affiliate.clicks(),
                    dao.attributedOrders(affiliate.id()),
                    pending,
                    available,
                    debt);
        });
    }

    public List<Commission> commissions(long affiliateId, long beforeId, int limit) {
        return database.read(tx -> tx.dao(AffiliateDao.class)
                .commissionsOf(affiliateId, beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit));
    }

    public List<Affiliate> affiliates(long beforeId, int limit) {
        return database.read(
                tx -> tx.dao(AffiliateDao.class).affiliates(beforeId <= 0 ? Long.MAX_VALUE : beforeId, limit));
    }

    public Affiliate require(long id) {
        return database.read(tx -> tx.dao(AffiliateDao.class).affiliateById(id))
                .orElseThrow(() -> Refusal.notFound("affiliate_not_found", "no affiliate " + id));
    }

    public List<CommissionRule> rules() {
        return database.read(tx -> tx.dao(AffiliateDao.class).rules());
    }

    /** Sets the rule for a scope, target and level (replacing one there); 422 names the field that is wrong. */
    public CommissionRule putRule(String scope, String target, int level, String kind, long amount) {
        String t = target == null ? "" : target.strip();
        if (!SCOPES.contains(scope)) {
            throw Refusal.invalidFields(
                    "invalid_rule", "the rule is not valid", Map.of("scope", "must be store, category or product"));
        }
        if ("store".equals(scope)
                ? !t.isEmpty()
                : t.isEmpty() || t.length() > 100 || "product".equals(scope) && !t.matches("[1-9][0-9]{0,18}")) {
            throw Refusal.invalidFields(
                    "invalid_rule",
                    "the rule is not valid",
                    Map.of("target", "a product id, a category name, or empty for the store"));
        }
        if (level != 1 && level != 2) {
            throw Refusal.invalidFields("invalid_rule", "the rule is not valid", Map.of("level", "must be 1 or 2"));
        }
        if (!"percent".equals(kind) && !"fixed".equals(kind)) {
            throw Refusal.invalidFields(
                    "invalid_rule", "the rule is not valid", Map.of("kind", "must be percent or fixed"));
        }
        if (amount <= 0 || "percent".equals(kind) && amount > 10_000 || amount > Withdrawals.MAX_AMOUNT) {
            throw Refusal.invalidFields(
                    "invalid_rule",
                    "the rule is not valid",
                    Map.of("amount", "percent: 1 to 10000 basis points; fixed: a positive amount in minor units"));
        }
        return database.write(tx -> {
            AffiliateDao dao = tx.dao(AffiliateDao.class);
            dao.putRule(scope, t, level, kind, amount, clock.millis());
            return dao.rules().stream()
                    .filter(r -> r.scope().equals(scope) && r.target().equals(t) && r.level() == level)
                    .findFirst()
                    .orElseThrow();
        });
    }

    public void deleteRule(long id) {
        if (database.write(tx -> tx.dao(AffiliateDao.class).deleteRule(id)) == 0) {
            throw Refusal.notFound("rule_not_found", "no commission rule " + id);
        }
    }
}
