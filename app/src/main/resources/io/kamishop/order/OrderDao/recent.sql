SELECT * FROM orders
WHERE (:status IS NULL OR status = :status) AND id < :beforeId
ORDER BY id DESC
LIMIT :limit
