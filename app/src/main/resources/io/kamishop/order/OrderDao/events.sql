SELECT * FROM order_events WHERE order_id = :orderId ORDER BY id
