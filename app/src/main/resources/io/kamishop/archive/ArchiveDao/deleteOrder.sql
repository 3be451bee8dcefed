DELETE FROM orders WHERE id = :key
