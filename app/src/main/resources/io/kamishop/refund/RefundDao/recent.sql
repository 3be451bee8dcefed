-- The CAST gives the parameter a type PostgreSQL can infer when the driver sends the null untyped.
SELECT r.*, o.order_no FROM refunds r JOIN orders o ON o.id = r.order_id
WHERE (CAST(:status AS VARCHAR(16)) IS NULL OR r.status = :status) AND r.id < :beforeId
ORDER BY r.id DESC LIMIT :limit
