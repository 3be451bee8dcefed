UPDATE notice_outbox SET status = :status, next_attempt_at = :next, last_error = :error WHERE id = :id
