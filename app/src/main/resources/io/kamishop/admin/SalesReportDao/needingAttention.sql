SELECT o.order_no, n.channel, n.trade_no, n.amount, n.currency, n.outcome, n.received_at
FROM payment_notifications n LEFT JOIN orders o ON o.id = n.order_id
WHERE n.outcome IN ('late_payment', 'duplicate_payment') ORDER BY n.id DESC LIMIT :limit
