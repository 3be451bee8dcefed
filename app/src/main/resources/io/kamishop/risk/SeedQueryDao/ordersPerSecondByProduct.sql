SELECT created_at / 1000 AS second, COUNT(*) AS orders
FROM orders
WHERE product_id = :productId AND created_at > :since
GROUP BY created_at / 1000
