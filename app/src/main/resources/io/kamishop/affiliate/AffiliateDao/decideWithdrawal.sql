-- Forward only, once: two merchants clicking approve and reject at once decide it once.
UPDATE affiliate_withdrawals SET status = :status, decided_by = :by, decided_at = :now, payout_record = :payout
WHERE id = :id AND status = 'requested'
