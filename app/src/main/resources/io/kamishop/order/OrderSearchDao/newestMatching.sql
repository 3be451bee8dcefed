-- :like is the lower-cased text with ! % _ escaped by !, between two %.
SELECT * FROM orders WHERE id < :before AND (order_no = :q OR gateway_ref = :q OR LOWER(email) LIKE :like ESCAPE '!')
ORDER BY id DESC LIMIT :limit
