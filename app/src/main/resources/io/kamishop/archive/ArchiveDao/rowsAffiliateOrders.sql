SELECT * FROM affiliate_orders WHERE order_id = :key ORDER BY order_id
