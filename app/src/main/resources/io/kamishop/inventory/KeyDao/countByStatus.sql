-- Kept counts (V540: key_counts, maintained by triggers on card_keys in the same transaction), so
-- the stock costs the same with 50 keys or 10,000,000: a few stripe rows per status.
SELECT status, CAST(SUM(n) AS BIGINT) AS n FROM key_counts WHERE product_id = :productId GROUP BY status
