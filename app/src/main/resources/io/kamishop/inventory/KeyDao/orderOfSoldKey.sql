-- The order a key was sold to, found by its fingerprint through the product's UNIQUE index.
SELECT order_id FROM card_keys WHERE product_id = :productId AND fingerprint = :fingerprint AND status = 'sold'
