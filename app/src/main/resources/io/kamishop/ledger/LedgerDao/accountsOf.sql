SELECT id, kind, owner, currency, balance, overdraft_allowed, created_at
FROM ledger_accounts WHERE kind = :kind AND owner = :owner
ORDER BY currency
