-- The CAST gives the parameter a type where it is first seen: PostgreSQL cannot infer one from
-- ":status IS NULL" alone and refuses the statement when the driver sends the null untyped.
SELECT * FROM orders
WHERE (CAST(:status AS VARCHAR(20)) IS NULL OR status = :status) AND id < :beforeId
ORDER BY id DESC
LIMIT :limit
