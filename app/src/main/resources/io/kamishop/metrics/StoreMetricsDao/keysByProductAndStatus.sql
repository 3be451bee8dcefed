-- Kept counts (V540: key_counts), so a scrape does not count every key ever sold.
SELECT product_id, status, CAST(SUM(n) AS BIGINT) AS n FROM key_counts GROUP BY product_id, status HAVING SUM(n) > 0
