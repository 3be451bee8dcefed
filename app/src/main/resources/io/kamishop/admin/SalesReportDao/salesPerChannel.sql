-- From the kept sums (V600).
SELECT channel, channel AS label, currency, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS amount
FROM sales_slice_groups
WHERE status IN ('paid', 'delivered', 'refund_pending', 'refunded') AND slice >= :from / 900000 AND slice < :to / 900000
GROUP BY channel, currency HAVING SUM(n) <> 0
