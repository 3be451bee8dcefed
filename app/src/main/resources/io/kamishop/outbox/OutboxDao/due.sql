SELECT * FROM outbox WHERE topic = :topic AND status = 'pending' AND next_attempt_at <= :now
ORDER BY next_attempt_at, id LIMIT :limit
