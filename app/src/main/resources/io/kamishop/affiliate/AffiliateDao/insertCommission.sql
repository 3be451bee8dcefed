-- One commission per order and level: a delivery heard twice earns once.
INSERT INTO affiliate_commissions (order_id, affiliate_id, level, amount, currency, status, available_at, created_at)
VALUES (:orderId, :affiliateId, :level, :amount, :currency, 'pending', :availableAt, :now)
ON CONFLICT (order_id, level) DO NOTHING
