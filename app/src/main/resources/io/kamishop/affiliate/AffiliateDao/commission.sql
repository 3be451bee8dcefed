SELECT c.id, c.order_id, o.order_no, c.affiliate_id, c.level, c.amount, c.currency, c.status, c.reversed, c.unrecovered,
       c.available_at, c.created_at, c.netted
FROM affiliate_commissions c JOIN orders o ON o.id = c.order_id
WHERE c.id = :id
