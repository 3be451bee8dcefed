INSERT INTO image_variants (hash, width, format, height, bytes, created_at)
VALUES (:hash, :width, :format, :height, :bytes, :now)
ON CONFLICT (hash, width, format) DO NOTHING
