-- Once per reference: a replayed reversal or release records its debt movement once.
INSERT INTO ledger_debts (reference, holder, currency, amount, created_at)
VALUES (:reference, :holder, :currency, :amount, :now)
ON CONFLICT (reference) DO NOTHING
