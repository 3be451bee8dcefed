INSERT INTO affiliate_orders (order_id, affiliate_id, created_at) VALUES (:orderId, :affiliateId, :now)
ON CONFLICT (order_id) DO NOTHING
