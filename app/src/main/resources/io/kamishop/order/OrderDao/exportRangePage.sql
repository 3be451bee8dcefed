-- One page of a date-range CSV export, oldest first, continued after the last (created_at, id)
-- written. The range scan starts at the last time written (:from is moved up to it by the caller)
-- on the (created_at, id) index (V541), so each page reads its own rows only, however many orders
-- are older than the range. The CASTs: see exportPage.sql.
SELECT * FROM orders
WHERE created_at >= :from AND created_at < :to
  AND (created_at > :afterAt OR id > :afterId)
  AND (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status)
  AND (CAST(:productId AS BIGINT) IS NULL OR product_id = :productId)
  AND (CAST(:channel AS VARCHAR(64)) IS NULL OR channel = :channel)
ORDER BY created_at, id
LIMIT :limit
