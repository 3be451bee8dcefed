SELECT * FROM orders WHERE id = :id
