UPDATE ledger_accounts SET balance = balance + :amount WHERE id = :id
