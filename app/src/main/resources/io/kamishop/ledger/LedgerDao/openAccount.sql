INSERT INTO ledger_accounts (kind, owner, currency, balance, overdraft_allowed, created_at)
VALUES (:kind, :owner, :currency, 0, :overdraftAllowed, :now)
ON CONFLICT (kind, owner, currency) DO NOTHING
