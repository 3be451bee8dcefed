SELECT r.*, o.order_no FROM refunds r JOIN orders o ON o.id = r.order_id WHERE r.id = :id
