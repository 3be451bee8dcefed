SELECT * FROM card_keys WHERE order_id = :key AND status = 'sold' ORDER BY id
