SELECT currency, amount, created_at FROM orders WHERE status IN ('paid', 'delivered') AND created_at >= :from
