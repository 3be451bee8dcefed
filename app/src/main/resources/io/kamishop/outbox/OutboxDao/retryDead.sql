-- The admin's "retry" of a message that was given up: one more attempt, now.
UPDATE outbox SET status = 'pending', next_attempt_at = :now WHERE id = :id AND topic = :topic AND status = 'dead'
