INSERT INTO buyer_sessions (token_hash, account_id, expires_at, created_at) VALUES (:tokenHash, :accountId, :expiresAt, :now)
