-- Forward only: a redelivery or a second status change cannot make a sent message due again.
UPDATE telegram_orders SET keys_status = 'due', next_attempt_at = :now WHERE order_id = :orderId AND keys_status = 'waiting'
