SELECT id, product_id, sealed FROM card_keys WHERE product_id = :productId AND status = 'available' ORDER BY id
