SELECT id, product_id, name, content_type, size, sha256, created_at FROM product_files WHERE id = :id
