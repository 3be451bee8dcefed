-- A failed refund asked for again: pending once more, with the same refund id (so the gateway sees one refund),
-- and claimed by the request that asked when it sends the refund itself (see insert.sql).
UPDATE refunds
SET status = 'pending', error = NULL, attempts = attempts + :claimedAttempts, next_attempt_at = :leaseUntil,
    updated_at = :now
WHERE id = :id AND status = 'failed'
