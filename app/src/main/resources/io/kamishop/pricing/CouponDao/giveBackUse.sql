UPDATE coupons SET uses = uses - 1
WHERE id = (SELECT coupon_id FROM coupon_uses WHERE order_id = :orderId) AND uses > 0
