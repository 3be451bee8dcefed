-- Served by the orders_email_lower index (V301).
SELECT * FROM orders
WHERE lower(email) = :emailLower AND id < :beforeId
ORDER BY id DESC
LIMIT :limit
