-- A lease, as for order mails: the row is this sender's until leaseUntil; another node that read the same
-- row finds next_attempt_at moved and claims nothing.
UPDATE mail_codes SET next_attempt_at = :leaseUntil, attempts = attempts + 1
WHERE id = :id AND status = 'pending' AND next_attempt_at = :seen
