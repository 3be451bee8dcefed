UPDATE webhook_deliveries SET status = :status, next_attempt_at = :next, last_status = :httpStatus, last_error = :error
WHERE id = :id
