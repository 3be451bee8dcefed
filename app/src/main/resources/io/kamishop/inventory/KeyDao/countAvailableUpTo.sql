-- Walks at most :limit entries of the partial index of keys on the shelf (V80), so asking "are
-- there still more than N?" after every sale costs the same with 50 keys in stock or 500,000.
SELECT COUNT(*) FROM (
    SELECT 1 FROM card_keys WHERE product_id = :productId AND status = 'available' LIMIT :limit
) AS shelf
