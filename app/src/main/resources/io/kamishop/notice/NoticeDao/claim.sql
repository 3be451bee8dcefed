-- A lease, as in the mail outbox: the node that changes next_attempt_at first owns this attempt; a
-- sender that dies mid-send lets the lease run out and the row is tried again.
UPDATE notice_outbox SET next_attempt_at = :leaseUntil, attempts = attempts + 1
WHERE id = :id AND status = 'pending' AND next_attempt_at = :seen
