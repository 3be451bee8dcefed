UPDATE card_keys SET status = 'available', order_id = NULL, updated_at = :now
WHERE order_id = :orderId AND status = 'reserved'
