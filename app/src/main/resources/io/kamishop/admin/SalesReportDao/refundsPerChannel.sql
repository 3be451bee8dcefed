SELECT channel, channel AS label, currency, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount
FROM refunds
WHERE created_at >= :from AND created_at < :to AND status IN ('succeeded', 'manual')
GROUP BY channel, currency
