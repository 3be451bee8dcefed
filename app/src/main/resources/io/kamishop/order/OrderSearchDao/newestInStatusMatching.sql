SELECT * FROM orders WHERE id < :before AND status = :status AND (order_no = :q OR gateway_ref = :q OR LOWER(email) LIKE :like ESCAPE '!')
ORDER BY id DESC LIMIT :limit
