SELECT o.product_id, MAX(o.product_name) AS label, r.currency, COUNT(*) AS n, COALESCE(SUM(r.amount), 0) AS amount
FROM refunds r JOIN orders o ON o.id = r.order_id
WHERE r.created_at >= :from AND r.created_at < :to AND r.status IN ('succeeded', 'manual')
GROUP BY o.product_id, r.currency
