UPDATE mail_outbox SET status = :status, sent_at = :now, last_error = NULL WHERE id = :id
