SELECT order_id, position, sealed, file_id FROM order_deliveries WHERE order_id = :orderId ORDER BY position
