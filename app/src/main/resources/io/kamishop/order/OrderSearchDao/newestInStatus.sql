SELECT * FROM orders WHERE id < :before AND status = :status ORDER BY id DESC LIMIT :limit
