SELECT r.*, o.order_no FROM refunds r JOIN orders o ON o.id = r.order_id
WHERE r.status = 'pending' AND r.next_attempt_at <= :now ORDER BY r.next_attempt_at, r.id LIMIT :limit
