SELECT r.order_id, o.order_no, r.reseller_id, r.markup, r.currency, r.status, r.reversed, r.unrecovered, r.available_at,
       r.created_at, o.amount, o.status AS order_status, r.netted
FROM reseller_orders r JOIN orders o ON o.id = r.order_id
WHERE r.reseller_id = :resellerId AND r.order_id < :beforeId
ORDER BY r.order_id DESC
LIMIT :limit
