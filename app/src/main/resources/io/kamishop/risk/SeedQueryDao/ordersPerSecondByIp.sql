SELECT created_at / 1000 AS second, COUNT(*) AS orders
FROM orders
WHERE buyer_ip = :value AND created_at > :since
GROUP BY created_at / 1000
