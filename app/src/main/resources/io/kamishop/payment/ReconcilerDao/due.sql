-- Due: pending orders past the grace whose next check has come, pending orders about to expire that
-- have not been asked about in their last minutes (one last look before the stock goes back), and
-- orders that expired lately (a payment may have raced the expiry).
SELECT o.* FROM orders o LEFT JOIN payment_checks c ON c.order_id = o.id
WHERE o.channel IN (<channels>)
  AND ((o.status = 'pending' AND o.created_at <= :placedBefore
        AND (c.next_check_at IS NULL OR c.next_check_at <= :now
             OR (o.expires_at - :finalLook <= :now AND c.checked_at < o.expires_at - :finalLook
                 AND c.next_check_at < :never)))
       OR (o.status = 'expired' AND o.updated_at >= :expiredSince
           AND (c.next_check_at IS NULL OR c.next_check_at <= :now)))
ORDER BY o.id
LIMIT :limit
