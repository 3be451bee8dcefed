UPDATE coupon_uses SET released_at = :now WHERE order_id = :orderId AND released_at IS NULL
