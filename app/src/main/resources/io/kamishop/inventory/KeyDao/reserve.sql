-- Claim exactly the rows the sub-select picked; the caller checks the count and rolls back when
-- it is short, so an order never holds part of what it asked for.
-- The pick is a MATERIALIZED CTE: as a plain "id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)",
-- PostgreSQL may run the sub-select more than once for one UPDATE and, skipping what it locked the
-- first time, claim more than n rows (seen: 2 keys for an order of 1).
WITH picked AS MATERIALIZED (
    SELECT id FROM card_keys
    WHERE product_id = :productId AND status = 'available'
    ORDER BY id
    LIMIT :quantity <skipLocked>
)
UPDATE card_keys
SET status = 'reserved', order_id = :orderId, updated_at = :now
WHERE id IN (SELECT id FROM picked)
  AND status = 'available'
