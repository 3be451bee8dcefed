SELECT r.*, o.order_no FROM refunds r JOIN orders o ON o.id = r.order_id
WHERE r.channel = :channel AND r.trade_no = :tradeNo ORDER BY r.id DESC LIMIT 1
