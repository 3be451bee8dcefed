-- Orders that received money (paid, delivered, or since refunded), per quarter hour of their creation,
-- from the kept sums (V600). Days are made from the slices in the store's zone.
SELECT slice, currency, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS amount
FROM sales_slices
WHERE status IN ('paid', 'delivered', 'refund_pending', 'refunded') AND slice >= :from / 900000 AND slice < :to / 900000
GROUP BY slice, currency HAVING SUM(n) <> 0
