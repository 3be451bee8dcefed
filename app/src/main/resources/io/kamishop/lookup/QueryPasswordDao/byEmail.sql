-- An e-mail's most recent password-protected orders, hot or archived (the archive keeps the hashes searchable).
SELECT order_id, password_hash FROM (
    SELECT order_id, password_hash FROM order_query_passwords WHERE email_lower = :emailLower
    UNION ALL
    SELECT order_id, password_hash FROM archived_query_passwords WHERE email_lower = :emailLower
) candidates
ORDER BY order_id DESC
LIMIT :limit
