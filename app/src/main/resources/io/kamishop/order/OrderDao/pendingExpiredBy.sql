SELECT id FROM orders WHERE status = 'pending' AND expires_at <= :now ORDER BY expires_at LIMIT :limit
