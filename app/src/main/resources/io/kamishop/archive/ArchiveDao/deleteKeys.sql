DELETE FROM card_keys WHERE order_id = :key AND status = 'sold'
