DELETE FROM image_variants WHERE NOT EXISTS (SELECT 1 FROM image_uses u WHERE u.hash = image_variants.hash)
