SELECT category AS name, COUNT(*) AS products FROM products
WHERE active = TRUE AND category <> ''
GROUP BY category
ORDER BY category
