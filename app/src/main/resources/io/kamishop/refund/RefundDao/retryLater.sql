UPDATE refunds SET error_code = :errorCode, error = :error, next_attempt_at = :retryAt, updated_at = :now WHERE id = :id AND status = 'pending'
