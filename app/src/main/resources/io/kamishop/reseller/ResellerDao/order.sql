SELECT r.order_id, o.order_no, r.reseller_id, r.markup, r.currency, r.status, r.reversed, r.unrecovered, r.available_at,
       r.created_at, o.amount, o.status AS order_status, r.netted
FROM reseller_orders r JOIN orders o ON o.id = r.order_id
WHERE r.order_id = :orderId
