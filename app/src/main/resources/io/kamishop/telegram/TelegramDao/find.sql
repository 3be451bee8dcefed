SELECT * FROM telegram_orders WHERE order_no = :orderNo
