INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES (:transferId, :accountId, :amount, :now)
