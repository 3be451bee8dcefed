-- Money that went back (succeeded, or done by hand), per quarter hour of the refund; refunds_created (V461).
SELECT created_at / 900000 AS slice, currency, COUNT(*) AS n, COALESCE(SUM(amount), 0) AS amount
FROM refunds
WHERE created_at >= :from AND created_at < :to AND status IN ('succeeded', 'manual')
GROUP BY created_at / 900000, currency
