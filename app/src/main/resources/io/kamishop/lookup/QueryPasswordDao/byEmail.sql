SELECT order_id, password_hash FROM order_query_passwords
WHERE email_lower = :emailLower
ORDER BY order_id DESC
LIMIT :limit
