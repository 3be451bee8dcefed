DELETE FROM affiliate_orders WHERE order_id = :key
