SELECT product_id, MAX(product_name) AS label, currency, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount
FROM orders
WHERE created_at >= :from AND created_at < :to AND status IN ('paid', 'delivered', 'refund_pending', 'refunded')
GROUP BY product_id, currency
