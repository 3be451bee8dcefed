-- Claim exactly the rows the sub-select picked; the caller checks the count and rolls back when
-- it is short, so an order never holds part of what it asked for.
-- The pick is a CTE, not an IN (sub-select): PostgreSQL may re-run an IN sub-select with LIMIT while
-- re-checking rows that concurrent buyers changed, and then claimed many more rows than asked
-- (seen: 40 keys for an order of 1 under 40 racing buyers). A CTE is evaluated exactly once.
WITH picked AS (SELECT id FROM card_keys
                WHERE product_id = :productId AND status = 'available'
                ORDER BY id
                LIMIT :quantity <skipLocked>)
UPDATE card_keys
SET status = 'reserved', order_id = :orderId, updated_at = :now
WHERE id IN (SELECT id FROM picked)
  AND status = 'available'
