SELECT COUNT(*) FROM orders
WHERE email IN (:value, :lower) AND status = 'pending' AND expires_at > :now
