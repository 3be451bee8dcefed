-- One page of a product's keys for the merchant, oldest first, by id (keyset: the cost of a page
-- does not grow with how far into a large stock the merchant has paged).
SELECT k.id, k.product_id, k.sealed, k.status, o.order_no
FROM card_keys k
LEFT JOIN orders o ON o.id = k.order_id
WHERE k.product_id = :productId AND k.id > :after
ORDER BY k.id
LIMIT :limit
