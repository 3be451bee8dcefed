SELECT channel, trade_no, kind, amount, currency, outcome, received_at
FROM payment_notifications WHERE order_id = :orderId ORDER BY id
