-- From the kept sums (V600). The label is the name the orders carry, as MAX(product_name) over them
-- would give: names whose sums are zero (every such order moved to another status) are left out first.
SELECT product_id, MAX(product_name) AS label, currency, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(amount) AS BIGINT) AS amount
FROM (
    SELECT product_id, product_name, currency, SUM(n) AS n, SUM(amount) AS amount
    FROM sales_slice_groups
    WHERE status IN ('paid', 'delivered', 'refund_pending', 'refunded') AND slice >= :from / 900000 AND slice < :to / 900000
    GROUP BY product_id, product_name, currency HAVING SUM(n) <> 0
) named
GROUP BY product_id, currency
