-- Revenue counts orders that were paid (paid or delivered). From the kept quarter-hour sums (V600):
-- :from is a midnight in the store's zone, so a whole slice.
SELECT currency, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS revenue FROM sales_slices
WHERE status IN ('paid', 'delivered') AND slice >= :from / 900000
GROUP BY currency HAVING SUM(n) <> 0 ORDER BY currency
