SELECT * FROM order_events WHERE order_id = :key ORDER BY id
