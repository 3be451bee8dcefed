-- Taken before a batch is inserted (PostgreSQL): the order archive holds this row FOR NO KEY UPDATE while it
-- moves the product's sold keys to archived_keys, so the insert that follows starts after that move committed
-- and sees the archived fingerprints, instead of re-inserting a key whose hot row the move just deleted.
SELECT id FROM products WHERE id = :productId FOR SHARE
