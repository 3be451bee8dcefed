SELECT w.id, w.affiliate_id, f.code, w.amount, w.currency, w.status, w.note, w.decided_by, w.decided_at, w.created_at,
       w.payout_record
FROM affiliate_withdrawals w JOIN affiliates f ON f.id = w.affiliate_id
WHERE w.id = :id
