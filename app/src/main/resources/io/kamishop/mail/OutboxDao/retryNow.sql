UPDATE mail_outbox SET status = 'pending', next_attempt_at = :now WHERE id = :id AND status = 'failed'
