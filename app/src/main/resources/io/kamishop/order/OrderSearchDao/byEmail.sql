-- One buyer's orders: the e-mail exactly (case-insensitively), through the (LOWER(email), id)
-- index, newest first below :before, optionally of one status (:status '' = any).
SELECT * FROM orders
WHERE LOWER(email) = :email AND id < :before AND (:status = '' OR status = :status)
ORDER BY id DESC
LIMIT :limit
