UPDATE refunds SET status = 'requested', error = NULL, updated_at = :now WHERE id = :id AND status = 'failed'
