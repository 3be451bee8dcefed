-- One sender at a time per refund (a merchant's click on one node, the sweeper on another): the claim
-- pushes the next attempt past the call's longest wait; 0 rows means someone else is sending it now.
UPDATE refunds SET next_attempt_at = :leaseUntil, attempts = attempts + 1, updated_at = :now
WHERE id = :id AND status = 'pending' AND next_attempt_at <= :now
