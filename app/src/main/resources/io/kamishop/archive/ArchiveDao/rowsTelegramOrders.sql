SELECT * FROM telegram_orders WHERE order_id = :key ORDER BY order_id
