-- The orders whose number or gateway reference is exactly :q (the unique order_no index and the
-- gateway_ref index), newest first below :before, optionally of one status (:status '' = any).
SELECT * FROM orders
WHERE (order_no = :q OR gateway_ref = :q) AND id < :before AND (:status = '' OR status = :status)
ORDER BY id DESC
LIMIT :limit
