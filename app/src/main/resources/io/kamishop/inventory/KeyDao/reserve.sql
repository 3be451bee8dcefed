-- Claim exactly the rows the sub-select picked; the caller checks the count and rolls back when
-- it is short, so an order never holds part of what it asked for.
UPDATE card_keys
SET status = 'reserved', order_id = :orderId, updated_at = :now
WHERE id IN (SELECT id FROM card_keys
             WHERE product_id = :productId AND status = 'available'
             ORDER BY id
             LIMIT :quantity <skipLocked>)
  AND status = 'available'
