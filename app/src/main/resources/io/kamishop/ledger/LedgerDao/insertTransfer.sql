-- The reference is the idempotency key. On PostgreSQL a second transaction inserting the same reference
-- waits for the first one and then does nothing (no row returned): it is a replay, and moves no money.
INSERT INTO ledger_transfers (reference, kind, debit_id, credit_id, amount, currency, memo, created_at)
VALUES (:reference, :kind, :debitId, :creditId, :amount, :currency, :memo, :now)
ON CONFLICT (reference) DO NOTHING
RETURNING id
