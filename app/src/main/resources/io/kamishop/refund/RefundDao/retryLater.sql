UPDATE refunds SET error = :error, next_attempt_at = :retryAt, updated_at = :now WHERE id = :id AND status = 'pending'
