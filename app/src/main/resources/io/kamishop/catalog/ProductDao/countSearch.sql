SELECT COUNT(*) FROM products
WHERE active = TRUE
  AND (:category = '' OR category = :category)
  AND (:pattern = '' OR LOWER(name) LIKE :pattern ESCAPE '!' OR LOWER(description) LIKE :pattern ESCAPE '!')
