-- Late payments (the order expired or was cancelled first) that nobody has refunded any of yet.
SELECT p.order_id, p.channel, p.trade_no, p.amount, p.outcome
FROM payment_notifications p JOIN orders o ON o.id = p.order_id
WHERE p.refunded = 0 AND p.outcome = 'late_payment' AND p.received_at <= :paidBefore AND o.status = 'refund_pending'
  AND p.channel IN (<channels>)
  AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.channel = p.channel AND r.trade_no = p.trade_no)
ORDER BY p.received_at LIMIT :limit
