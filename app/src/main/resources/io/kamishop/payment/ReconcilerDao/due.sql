SELECT o.* FROM orders o LEFT JOIN payment_checks c ON c.order_id = o.id
WHERE o.channel IN (<channels>)
  AND ((o.status = 'pending' AND o.created_at <= :placedBefore)
       OR (o.status = 'expired' AND o.updated_at >= :expiredSince))
  AND (c.next_check_at IS NULL OR c.next_check_at <= :now)
ORDER BY o.id
LIMIT :limit
