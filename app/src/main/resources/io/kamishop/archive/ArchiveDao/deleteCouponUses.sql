DELETE FROM coupon_uses WHERE order_id = :key
