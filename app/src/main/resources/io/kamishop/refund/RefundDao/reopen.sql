-- A failed refund asked for again: pending once more, with the same refund id (so the gateway sees one refund).
UPDATE refunds SET status = 'pending', error = NULL, next_attempt_at = :now, updated_at = :now
WHERE id = :id AND status = 'failed'
