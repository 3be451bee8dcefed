-- Pending earnings whose refund window has passed. An order with a refund under way waits: its refund decides.
SELECT r.order_id FROM reseller_orders r JOIN orders o ON o.id = r.order_id
WHERE r.status = 'pending' AND r.available_at <= :now AND o.status = 'delivered'
ORDER BY r.available_at, r.order_id
LIMIT :limit
