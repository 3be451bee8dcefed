-- Kept counts (V540), not a count of the shelf: the catalogue, the dashboard and the admin's product
-- pages ask on every view, and a shelf of a million keys took half a second to count.
SELECT product_id, CAST(SUM(n) AS BIGINT) AS n FROM key_counts WHERE status = 'available'
GROUP BY product_id HAVING SUM(n) > 0
