INSERT INTO telegram_orders (order_id, order_no, telegram_user_id, chat_id, created_at, language)
VALUES (:orderId, :orderNo, :userId, :chatId, :now, :language)
