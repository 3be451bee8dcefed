-- One debt per account holder (issue 24, third round). A refund after an earning was withdrawn takes back only
-- what the holder's available balance still holds; the rest is the holder's debt, paid back from the holder's
-- next released earnings, whether they are affiliate commissions or reseller markups (one holder, one pair of
-- ledger accounts, one debt). Until now each feature kept its own debt (affiliate_commissions.unrecovered -
-- netted, reseller_orders.unrecovered) and only commissions were netted.
--
--  * ledger_debts: one row per movement of a holder's debt, like ledger_entries for balances: positive when a
--    reversal could not take back what it should (reference = the reversal's transfer reference), negative when
--    a release paid it down (reference = the debt_repayment transfer's). The debt is the sum per holder (the
--    ledger accounts' owner, e.g. 'affiliate:7') and currency, never below zero;
--  * reseller_orders.netted: the part of a released markup that paid down debt instead of becoming available,
--    as affiliate_commissions.netted (V520).
CREATE TABLE ledger_debts (
    id         ${id_pk},
    reference  VARCHAR(160) NOT NULL UNIQUE,
    holder     VARCHAR(128) NOT NULL,
    currency   CHAR(3)      NOT NULL,
    amount     BIGINT       NOT NULL CHECK (amount <> 0),
    created_at BIGINT       NOT NULL
);
CREATE INDEX ledger_debts_holder ON ledger_debts (holder, currency);

ALTER TABLE reseller_orders ADD COLUMN netted BIGINT NOT NULL DEFAULT 0 CHECK (netted >= 0);

-- What the features recorded before, carried over so no debt is forgotten.
INSERT INTO ledger_debts (reference, holder, currency, amount, created_at)
SELECT 'carried:commission-unrecovered:' || id, 'affiliate:' || affiliate_id, currency, unrecovered, created_at
FROM affiliate_commissions WHERE unrecovered > 0;

INSERT INTO ledger_debts (reference, holder, currency, amount, created_at)
SELECT 'carried:commission-netted:' || id, 'affiliate:' || affiliate_id, currency, -netted, created_at
FROM affiliate_commissions WHERE netted > 0;

INSERT INTO ledger_debts (reference, holder, currency, amount, created_at)
SELECT 'carried:markup-unrecovered:' || r.order_id, 'affiliate:' || s.affiliate_id, r.currency, r.unrecovered,
       r.created_at
FROM reseller_orders r JOIN resellers s ON s.id = r.reseller_id
WHERE r.unrecovered > 0 AND s.affiliate_id IS NOT NULL;
