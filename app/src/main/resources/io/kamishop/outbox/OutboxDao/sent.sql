UPDATE outbox SET status = 'sent', sent_at = :now, last_error = :note WHERE id = :id AND status = 'pending'
