SELECT * FROM coupon_uses WHERE order_id = :key ORDER BY order_id
