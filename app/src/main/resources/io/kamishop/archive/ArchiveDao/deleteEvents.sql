DELETE FROM order_events WHERE order_id = :key
