-- The holder's debt in one currency; read under the holder's account row locks (Ledger.release).
SELECT COALESCE(SUM(amount), 0) FROM ledger_debts WHERE holder = :holder AND currency = :currency
