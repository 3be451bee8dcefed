SELECT * FROM products WHERE id = :id
