-- Paid orders that cannot be delivered: the key generator failed and the order still waits, or the
-- merchant rejected it after review (refund_pending). A held order still under review is not one.
SELECT p.order_id, p.channel, p.trade_no, p.amount, p.outcome
FROM payment_notifications p JOIN orders o ON o.id = p.order_id
WHERE p.refunded = 0 AND p.outcome IN ('generation_failed', 'held_for_review') AND p.received_at <= :paidBefore
  AND ((p.outcome = 'generation_failed' AND o.status = 'paid') OR o.status = 'refund_pending')
  AND p.channel IN (<channels>)
  AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.channel = p.channel AND r.trade_no = p.trade_no)
ORDER BY p.received_at LIMIT :limit
