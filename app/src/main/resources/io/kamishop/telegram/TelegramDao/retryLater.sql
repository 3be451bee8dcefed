UPDATE telegram_orders SET keys_status = :status, next_attempt_at = :next, last_error = :error
WHERE order_id = :orderId AND keys_status = 'due'
