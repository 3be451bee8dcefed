SELECT * FROM products WHERE active = TRUE ORDER BY category, id
