SELECT * FROM telegram_orders WHERE keys_status = 'due' AND next_attempt_at <= :now ORDER BY next_attempt_at, order_id LIMIT :limit
