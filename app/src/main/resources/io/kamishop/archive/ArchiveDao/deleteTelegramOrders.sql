DELETE FROM telegram_orders WHERE order_id = :key
