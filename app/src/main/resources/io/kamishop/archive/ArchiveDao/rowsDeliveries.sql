SELECT * FROM order_deliveries WHERE order_id = :key ORDER BY position
