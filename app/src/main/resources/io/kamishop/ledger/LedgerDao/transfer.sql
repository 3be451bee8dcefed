SELECT id, reference, kind, debit_id, credit_id, amount, currency, memo, created_at
FROM ledger_transfers WHERE reference = :reference
