INSERT INTO buyer_sign_in_codes (email_lower, code_hash, attempts, expires_at, created_at)
VALUES (:emailLower, :codeHash, 0, :expiresAt, :now)
