SELECT order_id, checks, last_state, last_error, checked_at, next_check_at FROM payment_checks WHERE order_id = :orderId
