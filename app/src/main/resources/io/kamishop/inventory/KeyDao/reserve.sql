-- Claim exactly the rows the sub-select picked; the caller checks the count and rolls back when
-- it is short, so an order never holds part of what it asked for.
-- MATERIALIZED (SQLite 3.35+, PostgreSQL 12+) makes the pick run once. Written as
-- "WHERE id IN (SELECT ... LIMIT n FOR UPDATE SKIP LOCKED)", PostgreSQL re-runs the sub-select for
-- every row it scans; each run skips the rows this very statement already claimed and picks fresh
-- ones, so one order would take the whole stock.
WITH claim AS MATERIALIZED (
    SELECT id FROM card_keys
    WHERE product_id = :productId AND status = 'available'
    ORDER BY id
    LIMIT :quantity <skipLocked>
)
UPDATE card_keys
SET status = 'reserved', order_id = :orderId, updated_at = :now
WHERE id IN (SELECT id FROM claim)
  AND status = 'available'
