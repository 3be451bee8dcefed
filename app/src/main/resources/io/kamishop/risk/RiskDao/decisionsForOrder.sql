SELECT * FROM risk_decisions
WHERE order_no = :orderNo
ORDER BY at DESC, id DESC
