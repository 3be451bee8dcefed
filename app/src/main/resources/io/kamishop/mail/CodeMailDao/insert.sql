INSERT INTO mail_codes (recipient, sealed_code, expires_at, status, attempts, next_attempt_at, created_at)
VALUES (:recipient, :sealedCode, :expiresAt, 'pending', 0, :now, :now)
