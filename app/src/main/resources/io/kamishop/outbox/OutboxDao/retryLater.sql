-- :erase (only when :status is 'dead') empties a secret payload as sent.sql does.
UPDATE outbox SET status = :status, next_attempt_at = :next, last_error = :error,
       payload = CASE WHEN :erase THEN '{}' ELSE payload END
WHERE id = :id AND status = 'pending'
