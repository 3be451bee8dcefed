-- Every buyer value is a bound parameter: the search words arrive as a LIKE pattern with its own
-- wildcards escaped (CatalogQuery.likePattern), the order as one of a few known codes.
SELECT * FROM products
WHERE active = TRUE
  AND (:category = '' OR category = :category)
  AND (:pattern = '' OR LOWER(name) LIKE :pattern ESCAPE '!' OR LOWER(description) LIKE :pattern ESCAPE '!')
ORDER BY
  CASE WHEN :sort = 'price' THEN price END ASC,
  CASE WHEN :sort = 'price_desc' THEN price END DESC,
  CASE WHEN :sort = 'newest' THEN created_at END DESC,
  CASE WHEN :sort = 'newest' THEN id END DESC,
  CASE WHEN :sort = 'name' THEN LOWER(name) END ASC,
  CASE WHEN :sort = 'featured' THEN category END ASC,
  id
LIMIT :limit OFFSET :offset
