SELECT id FROM affiliate_commissions WHERE order_id = :orderId ORDER BY level
