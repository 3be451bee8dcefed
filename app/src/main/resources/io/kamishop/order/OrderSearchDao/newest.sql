SELECT * FROM orders WHERE id < :before ORDER BY id DESC LIMIT :limit
