-- Conditional on 'available': an order that claimed the key a moment ago keeps it, and the caller
-- sees 0 rows instead of a key vanishing from under a pending order.
DELETE FROM card_keys WHERE id = :keyId AND product_id = :productId AND status = 'available'
