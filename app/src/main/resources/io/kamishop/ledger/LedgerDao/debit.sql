-- The no-overdraft guard: one conditional update of the account's row. On PostgreSQL the update locks the
-- row and, when another transaction changed it meanwhile, re-checks the condition against the committed
-- balance (READ COMMITTED re-evaluates the WHERE of an UPDATE on the newest row version), so two spends
-- racing for the last money cannot both pass; on SQLite writers are serialised anyway. A sum over
-- ledger_entries could not be guarded like this: two transactions would both read the old sum.
UPDATE ledger_accounts SET balance = balance - :amount
WHERE id = :id AND (overdraft_allowed = 1 OR balance >= :amount)
