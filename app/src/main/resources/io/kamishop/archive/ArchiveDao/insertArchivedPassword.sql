INSERT INTO archived_query_passwords (order_id, email_lower, password_hash, created_at)
VALUES (:orderId, :emailLower, :passwordHash, :createdAt)
