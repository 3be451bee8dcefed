SELECT channel, channel AS label, currency, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount
FROM orders
WHERE created_at >= :from AND created_at < :to AND status IN ('paid', 'delivered', 'refund_pending', 'refunded')
GROUP BY channel, currency
