-- The fallback for text that is neither an order number, a gateway reference nor a buyer's whole
-- e-mail: any order whose e-mail contains it. A substring cannot use an index, so this reads orders
-- newest first until :limit match (all of them when few do); see OrderSearch.
SELECT * FROM orders
WHERE LOWER(email) LIKE :like ESCAPE '!' AND id < :before AND (:status = '' OR status = :status)
ORDER BY id DESC
LIMIT :limit
