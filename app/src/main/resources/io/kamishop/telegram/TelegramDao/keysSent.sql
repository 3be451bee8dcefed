UPDATE telegram_orders SET keys_status = 'sent', keys_sent_at = :now, last_error = NULL
WHERE order_id = :orderId AND keys_status = 'due'
