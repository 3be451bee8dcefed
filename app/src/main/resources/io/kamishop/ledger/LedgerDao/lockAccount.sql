-- Takes the account's row lock (PostgreSQL; SQLite has one writer anyway) so its balance, read next, holds
-- until the commit: see Ledger.postAtMost.
UPDATE ledger_accounts SET balance = balance WHERE id = :id
