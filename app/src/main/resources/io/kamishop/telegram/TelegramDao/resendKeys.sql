-- The merchant's "resend the keys": a message sent (or given up) is owed again, from a fresh count of
-- attempts. A row still due or waiting is left as it is, so asking twice before it goes sends one message.
UPDATE telegram_orders SET keys_status = 'due', attempts = 0, next_attempt_at = :now, last_error = NULL
WHERE order_id = :orderId AND keys_status IN ('sent', 'failed')
