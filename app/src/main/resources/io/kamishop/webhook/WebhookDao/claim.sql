-- A lease, as in the mail outbox: the node that changes next_attempt_at first owns this attempt.
UPDATE webhook_deliveries SET next_attempt_at = :leaseUntil, attempts = attempts + 1
WHERE id = :id AND status = 'pending' AND next_attempt_at = :seen
