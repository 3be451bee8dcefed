SELECT id, product_id, sealed FROM card_keys WHERE order_id = :orderId AND status = 'sold' ORDER BY id
