INSERT INTO affiliate_withdrawals (affiliate_id, amount, currency, status, note, created_at)
VALUES (:affiliateId, :amount, :currency, 'requested', :note, :now)
RETURNING id
