-- One page of the CSV export, oldest first, continued after the last id written (keyset), so the
-- export of any number of orders reads a page at a time and never skips or repeats a row.
-- The CASTs give each parameter a type where it is first seen (see recent.sql): PostgreSQL cannot
-- infer one from ":x IS NULL" alone.
SELECT * FROM orders
WHERE id > :after
  AND (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status)
  AND (CAST(:from AS BIGINT) IS NULL OR created_at >= :from)
  AND (CAST(:to AS BIGINT) IS NULL OR created_at < :to)
  AND (CAST(:productId AS BIGINT) IS NULL OR product_id = :productId)
  AND (CAST(:channel AS VARCHAR(64)) IS NULL OR channel = :channel)
ORDER BY id
LIMIT :limit
