SELECT * FROM products WHERE active = TRUE ORDER BY id
