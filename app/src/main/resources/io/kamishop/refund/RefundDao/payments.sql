-- The payments an order received, first (the one that paid it) first; a second one is a duplicate.
SELECT channel, trade_no, amount, currency, outcome, refunded, received_at
FROM payment_notifications WHERE order_id = :orderId AND kind = 'paid' ORDER BY id
