-- The admin's search of archived orders: an exact order number or gateway reference, a whole e-mail, or
-- a part of an e-mail (:text, lower-cased and escaped), optionally of one status; newest first below :before.
SELECT * FROM archived_orders
WHERE id < :before AND (:status = '' OR status = :status)
  AND (:q = '' OR order_no = :q OR gateway_ref = :q OR LOWER(email) = :lower OR LOWER(email) LIKE :pattern ESCAPE '!')
ORDER BY id DESC
LIMIT :limit
