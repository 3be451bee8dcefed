SELECT c.code AS code, u.discount AS discount, u.released_at AS released_at
FROM coupon_uses u JOIN coupons c ON c.id = u.coupon_id
WHERE u.order_id = :orderId
