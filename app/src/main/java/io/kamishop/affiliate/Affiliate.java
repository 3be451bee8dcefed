package io.kamishop.affiliate;

import org.jspecify.annotations.Nullable;

/** A buyer account that took a referral code; {@code parentId} is the affiliate who referred it (level 2), or null. */
public record Affiliate(
        long id,
        long buyerAccountId,
        String email,
        String code,
        @Nullable Long parentId,
        long clicks,
        long createdAt) {

    /** The owner of its ledger accounts (pending, available, held, paid out). */
    String owner() {
        return "affiliate:" + id;
    }
}
