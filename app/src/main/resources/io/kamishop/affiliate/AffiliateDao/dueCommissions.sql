-- Pending commissions whose refund window has passed. An order with a refund under way (refund_pending)
-- waits: its refund decides the commission, not the clock.
SELECT c.id FROM affiliate_commissions c JOIN orders o ON o.id = c.order_id
WHERE c.status = 'pending' AND c.available_at <= :now AND o.status = 'delivered'
ORDER BY c.available_at, c.id
LIMIT :limit
