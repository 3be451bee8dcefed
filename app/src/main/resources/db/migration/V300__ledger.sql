-- One double-entry ledger for store credit, affiliate earnings, withdrawals and their reversals (issue 24).
--
--  * ledger_transfers: one movement of money, named by a reference that is its idempotency key (the same
--    order paid from balance twice, or a refund booked twice, finds the first transfer instead of moving
--    the money again);
--  * ledger_entries: the movement's two legs, a debit (negative) and a credit (positive) of the same
--    amount, so every transfer, and therefore the whole ledger, sums to zero;
--  * ledger_accounts: who holds money (a buyer's credit, an affiliate's pending or available earnings, the
--    store, payouts). balance is derived: only the posting statements change it, by the same amount as
--    the entry they write in the same transaction, and LedgerInvariants checks it equals the sum of the
--    account's entries. It exists because the no-overdraft guard needs one row to lock (see
--    LedgerDao/debit.sql); a sum over entries cannot be locked.
CREATE TABLE ledger_accounts (
    id                ${id_pk},
    kind              VARCHAR(32)  NOT NULL,
    owner             VARCHAR(128) NOT NULL,
    currency          CHAR(3)      NOT NULL,
    balance           BIGINT       NOT NULL DEFAULT 0,
    -- Only the store's own account may go below zero: it is where granted credit and paid commissions
    -- come from. The CHECK is a second wall behind the conditional debit, never the first.
    overdraft_allowed SMALLINT     NOT NULL DEFAULT 0 CHECK (overdraft_allowed IN (0, 1)),
    created_at        BIGINT       NOT NULL,
    UNIQUE (kind, owner, currency),
    CHECK (overdraft_allowed = 1 OR balance >= 0)
);

CREATE TABLE ledger_transfers (
    id          ${id_pk},
    reference   VARCHAR(128) NOT NULL UNIQUE,
    kind        VARCHAR(32)  NOT NULL,
    debit_id    BIGINT       NOT NULL REFERENCES ledger_accounts (id),
    credit_id   BIGINT       NOT NULL REFERENCES ledger_accounts (id),
    amount      BIGINT       NOT NULL CHECK (amount > 0),
    currency    CHAR(3)      NOT NULL,
    memo        VARCHAR(200) NOT NULL DEFAULT '',
    created_at  BIGINT       NOT NULL,
    CHECK (debit_id <> credit_id)
);

CREATE TABLE ledger_entries (
    id          ${id_pk},
    transfer_id BIGINT NOT NULL REFERENCES ledger_transfers (id),
    account_id  BIGINT NOT NULL REFERENCES ledger_accounts (id),
    amount      BIGINT NOT NULL CHECK (amount <> 0),
    created_at  BIGINT NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);
CREATE INDEX ledger_entries_transfer ON ledger_entries (transfer_id);
