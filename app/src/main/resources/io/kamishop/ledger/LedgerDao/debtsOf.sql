SELECT currency, SUM(amount) AS amount FROM ledger_debts WHERE holder = :holder
GROUP BY currency HAVING SUM(amount) <> 0 ORDER BY currency
