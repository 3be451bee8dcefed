-- A page of the order list, newest first, optionally of one status (:status '' = any), continued
-- below :before (keyset). With a status, the (status, id) index walks that status's orders newest
-- first and stops after :limit rows; a status few orders have no longer means reading every order.
SELECT * FROM orders
WHERE id < :before AND (:status = '' OR status = :status)
ORDER BY id DESC
LIMIT :limit
