INSERT INTO telegram_orders (order_id, order_no, telegram_user_id, chat_id, created_at, keys_status, language)
VALUES (:orderId, :orderNo, :userId, :chatId, :now, 'waiting', :language)
