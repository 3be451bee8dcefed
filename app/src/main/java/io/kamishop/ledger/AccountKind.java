package io.kamishop.ledger;

/**
 * Who holds the money in a ledger account. Every kind but {@link #STORE} is money the store owes
 * someone, so it can never go below zero; the store's account is the other side of what the store
 * gives (credit it grants, commissions it pays) and takes (orders paid from a balance).
 */
public enum AccountKind {
    /** The merchant's side of every movement; the only account allowed below zero. */
    STORE(true),
    /** A buyer account's store credit: spendable at checkout, refunds can go to it. */
    BUYER_CREDIT(false),
    /** An affiliate's commission while the order can still be refunded. */
    AFFILIATE_PENDING(false),
    /** An affiliate's commission that can be withdrawn. */
    AFFILIATE_AVAILABLE(false),
    /** Asked for as a withdrawal, waiting for the merchant to approve (paid out) or reject (back). */
    WITHDRAWAL_HELD(false),
    /** Paid out of the store (withdrawals the merchant approved). */
    PAYOUT(false);

    private final boolean overdraftAllowed;

    AccountKind(boolean overdraftAllowed) {
        this.overdraftAllowed = overdraftAllowed;
    }

    public boolean overdraftAllowed() {
        return overdraftAllowed;
    }

    /** The stored name, e.g. {@code buyer_credit}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
