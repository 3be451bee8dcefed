INSERT INTO payment_checks (order_id, checks, last_state, last_error, checked_at, next_check_at)
VALUES (:orderId, 1, :state, :error, :now, :nextCheckAt)
ON CONFLICT (order_id) DO UPDATE SET checks = payment_checks.checks + 1, last_state = :state, last_error = :error,
                                     checked_at = :now, next_check_at = :nextCheckAt
