-- First touch wins while it lasts, as for accounts (referAccount.sql).
INSERT INTO affiliate_referred_chats (telegram_user_id, affiliate_id, expires_at, created_at)
VALUES (:userId, :affiliateId, :expiresAt, :now)
ON CONFLICT (telegram_user_id) DO UPDATE SET affiliate_id = excluded.affiliate_id, expires_at = excluded.expires_at,
    created_at = excluded.created_at
WHERE affiliate_referred_chats.expires_at <= :now
