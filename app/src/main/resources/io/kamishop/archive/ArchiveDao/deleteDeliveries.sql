DELETE FROM order_deliveries WHERE order_id = :key
