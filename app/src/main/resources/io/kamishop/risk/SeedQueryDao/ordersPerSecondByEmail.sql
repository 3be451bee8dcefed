SELECT created_at / 1000 AS second, COUNT(*) AS orders
FROM orders
WHERE email IN (:value, :lower) AND created_at > :since
GROUP BY created_at / 1000
