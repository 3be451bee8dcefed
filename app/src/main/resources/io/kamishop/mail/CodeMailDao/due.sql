SELECT id, recipient, sealed_code, expires_at, attempts, next_attempt_at FROM mail_codes
WHERE status = 'pending' AND next_attempt_at <= :now
ORDER BY id
LIMIT :limit
