-- PostgreSQL only: held while a batch moves this product's sold keys to archived_keys, so a key import of the
-- product (which takes the row FOR SHARE first, see NewKeys) waits for the move and then sees the archived
-- fingerprints. NO KEY UPDATE does not conflict with the KEY SHARE lock an order's insert takes: placing orders
-- is never held up by the archive.
SELECT id FROM products WHERE id = :productId FOR NO KEY UPDATE
