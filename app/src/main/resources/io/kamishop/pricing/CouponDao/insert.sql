INSERT INTO coupons (code, percent_off, amount_off, currency, max_uses, uses, product_id, expires_at, active, created_at)
VALUES (:code, :percentOff, :amountOff, :currency, :maxUses, 0, :productId, :expiresAt, TRUE, :createdAt)
RETURNING id
