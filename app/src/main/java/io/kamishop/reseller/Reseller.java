package io.kamishop.reseller;

/**
 * A buyer account that sells the merchant's products on a sub-store ({@code /s/{slug}/}). {@code affiliateId}
 * holds its earnings (the affiliate's ledger accounts), set when the merchant approves it.
 */
public record Reseller(
        long id,
        long buyerAccountId,
        String email,
        String slug,
        String name,
        String announcement,
        String theme,
        String status,
        Long affiliateId,
        String decidedBy,
        Long decidedAt,
        long createdAt) {

    static final String APPLIED = "applied";
    static final String APPROVED = "approved";
    static final String REJECTED = "rejected";
    static final String SUSPENDED = "suspended";

    /** Only an approved reseller's sub-store sells; a suspended one is closed until the merchant reinstates it. */
    public boolean selling() {
        return APPROVED.equals(status) && affiliateId != null;
    }
}
