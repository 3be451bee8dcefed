package io.kamishop.ledger;

/** Why money moved; stored with the transfer so a statement of account reads in the domain's words. */
public enum TransferKind {
    /** The merchant gave a buyer store credit. */
    GRANT,
    /** A buyer paid an order from their balance. */
    ORDER_PAYMENT,
    /** A refund went to the buyer's balance instead of back through the gateway. */
    REFUND_TO_BALANCE,
    /** An affiliate earned a commission (pending until the order can no longer be refunded). */
    COMMISSION,
    /** A pending commission became available. */
    COMMISSION_RELEASE,
    /** A commission taken back because its order was refunded. */
    COMMISSION_REVERSAL,
    /** A reseller earned the markup of a sub-store order (pending until the order can no longer be refunded). */
    MARKUP,
    /** A pending markup became available. */
    MARKUP_RELEASE,
    /** A markup taken back because its order was refunded. */
    MARKUP_REVERSAL,
    /** Money set aside for a withdrawal the merchant has not decided on yet. */
    WITHDRAWAL_REQUEST,
    /** A withdrawal the merchant approved: the money left the store. */
    WITHDRAWAL_PAYOUT,
    /** A withdrawal the merchant rejected: the money went back. */
    WITHDRAWAL_REJECTED,
    /** A released commission paid down the affiliate's debt (an earlier reversal the balance could not cover) back to the store. */
    DEBT_REPAYMENT;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
