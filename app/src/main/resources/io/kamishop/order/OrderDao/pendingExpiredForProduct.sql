SELECT id FROM orders WHERE status = 'pending' AND product_id = :productId AND expires_at <= :now
