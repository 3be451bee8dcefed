INSERT INTO product_files (product_id, name, content_type, size, sha256, sealed, created_at)
VALUES (:productId, :name, :contentType, :size, :sha256, :sealed, :now)
RETURNING id
