-- First touch wins while it lasts; an expired attribution gives way to the next link the buyer follows.
INSERT INTO affiliate_referred_accounts (buyer_account_id, affiliate_id, expires_at, created_at)
VALUES (:accountId, :affiliateId, :expiresAt, :now)
ON CONFLICT (buyer_account_id) DO UPDATE SET affiliate_id = excluded.affiliate_id, expires_at = excluded.expires_at,
    created_at = excluded.created_at
WHERE affiliate_referred_accounts.expires_at <= :now
