UPDATE notice_outbox SET status = 'delivered', delivered_at = :now, last_error = NULL WHERE id = :id
