SELECT w.id, w.affiliate_id, f.code, w.amount, w.currency, w.status, w.note, w.decided_by, w.decided_at, w.created_at,
       w.payout_record
FROM affiliate_withdrawals w JOIN affiliates f ON f.id = w.affiliate_id
WHERE (:status = '' OR w.status = :status) AND (:affiliateId = 0 OR w.affiliate_id = :affiliateId) AND w.id < :beforeId
ORDER BY w.id DESC
LIMIT :limit
