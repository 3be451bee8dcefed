package io.kamishop.reseller;

import org.jspecify.annotations.Nullable;

/**
 * A buyer account that sells the merchant's products on a sub-store ({@code /s/{slug}/}). {@code affiliateId}
 * holds its earnings (the affiliate's ledger accounts), set when the merchant approves it. {@code host} is the host
 * name the sub-store asked for (or null); it serves at that name only once {@code hostApproved} by the merchant.
 * {@code decidedBy} and {@code decidedAt} are null until the merchant decided on the application.
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
        @Nullable Long affiliateId,
        @Nullable String decidedBy,
        @Nullable Long decidedAt,
        long createdAt,
        @Nullable String host,
        boolean hostApproved) {

    static final String APPLIED = "applied";
    static final String APPROVED = "approved";
    static final String REJECTED = "rejected";
    static final String SUSPENDED = "suspended";

    /** Only an approved reseller's sub-store sells; a suspended one is closed until the merchant reinstates it. */
    public boolean selling() {
        return APPROVED.equals(status) && affiliateId != null;
    }

    /** The host name the sub-store serves at, when it sells and the merchant approved the name. */
    public java.util.Optional<String> servedHost() {
        return selling() && hostApproved && host != null ? java.util.Optional.of(host) : java.util.Optional.empty();
    }
}
