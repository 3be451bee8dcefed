DELETE FROM refunds WHERE order_id = :key
