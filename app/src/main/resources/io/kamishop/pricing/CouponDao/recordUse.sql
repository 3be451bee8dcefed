INSERT INTO coupon_uses (order_id, coupon_id, discount, used_at, released_at)
VALUES (:orderId, :couponId, :discount, :now, NULL)
