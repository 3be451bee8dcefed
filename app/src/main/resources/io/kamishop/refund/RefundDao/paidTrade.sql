-- The payment to give back: the one that paid the order (or arrived late for it), not a duplicate.
SELECT trade_no FROM payment_notifications
WHERE order_id = :orderId AND kind = 'paid' AND outcome IN ('delivered', 'late_payment', 'received')
ORDER BY id LIMIT 1
