SELECT * FROM telegram_orders WHERE telegram_user_id = :userId ORDER BY created_at DESC, order_id DESC LIMIT :limit
