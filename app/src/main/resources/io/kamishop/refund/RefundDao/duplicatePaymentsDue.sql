-- Second payments of an order already paid, nobody has refunded any of yet.
SELECT p.order_id, p.channel, p.trade_no, p.amount, p.outcome
FROM payment_notifications p
WHERE p.refunded = 0 AND p.outcome = 'duplicate_payment' AND p.received_at <= :paidBefore
  AND p.channel IN (<channels>)
  AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.channel = p.channel AND r.trade_no = p.trade_no)
ORDER BY p.received_at LIMIT :limit
