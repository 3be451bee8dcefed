UPDATE mail_codes SET next_attempt_at = :at WHERE id = :id AND status = 'pending'
