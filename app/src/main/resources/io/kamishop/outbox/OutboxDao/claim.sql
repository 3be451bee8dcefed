-- Leases the row to this sender until :leaseUntil, by compare-and-set: another node that read the same
-- row finds next_attempt_at changed and leaves it. A sender that dies mid-send lets the lease run out,
-- and the row is tried again (at least once delivery).
UPDATE outbox SET next_attempt_at = :leaseUntil, attempts = attempts + 1
WHERE id = :id AND status = 'pending' AND next_attempt_at = :seen
