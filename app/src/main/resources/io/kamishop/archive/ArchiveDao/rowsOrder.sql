SELECT * FROM orders WHERE id = :key ORDER BY id
