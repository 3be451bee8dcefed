-- Conditional on the status the decision was made from: two admins deciding at once, one wins.
UPDATE resellers SET status = :status, affiliate_id = COALESCE(:affiliateId, affiliate_id), decided_by = :by, decided_at = :now
WHERE id = :id AND status = :from
