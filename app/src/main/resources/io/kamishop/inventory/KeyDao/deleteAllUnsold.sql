DELETE FROM card_keys WHERE product_id = :p AND status = 'available'
