UPDATE outbox SET status = :status, next_attempt_at = :next, last_error = :error WHERE id = :id AND status = 'pending'
