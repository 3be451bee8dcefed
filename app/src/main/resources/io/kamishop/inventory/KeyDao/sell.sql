UPDATE card_keys SET status = 'sold', updated_at = :now
WHERE order_id = :orderId AND status = 'reserved'
