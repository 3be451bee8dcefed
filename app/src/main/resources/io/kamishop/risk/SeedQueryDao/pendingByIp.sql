SELECT COUNT(*) FROM orders
WHERE buyer_ip = :value AND status = 'pending' AND expires_at > :now
