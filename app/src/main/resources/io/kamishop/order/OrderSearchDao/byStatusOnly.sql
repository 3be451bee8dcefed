-- byStatus.sql when a status is given: the condition written plainly, so the planner sees
-- "status = ? AND id < ?" and walks the (status, id) index instead of reading every order.
SELECT * FROM orders
WHERE status = :status AND id < :before
ORDER BY id DESC
LIMIT :limit
