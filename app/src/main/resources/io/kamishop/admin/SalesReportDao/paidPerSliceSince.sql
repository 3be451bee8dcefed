-- The dashboard's chart: paid orders per quarter hour from the kept sums (V600); days are made from the
-- slices in the store's zone.
SELECT slice, currency, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS amount
FROM sales_slices
WHERE status IN ('paid', 'delivered') AND slice >= :from / 900000
GROUP BY slice, currency HAVING SUM(n) <> 0
