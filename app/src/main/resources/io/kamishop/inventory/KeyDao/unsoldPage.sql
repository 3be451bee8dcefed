SELECT id, product_id, sealed FROM card_keys
WHERE product_id = :p AND status = 'available' AND id > :after ORDER BY id LIMIT :limit
