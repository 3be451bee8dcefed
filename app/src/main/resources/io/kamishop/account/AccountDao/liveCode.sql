SELECT id, code_hash, attempts, expires_at FROM buyer_sign_in_codes
WHERE email_lower = :emailLower AND used_at IS NULL AND expires_at > :now AND attempts < :maxAttempts
ORDER BY id DESC
LIMIT 1
