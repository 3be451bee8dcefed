-- One imported key. Its id is given (see NewKeys.reserveIds) so that keys are sold in upload order
-- although a batch is inserted in fingerprint order. A fingerprint the product already has is
-- skipped (row count 0): that is how duplicates are counted. So is one an archived order bought
-- (archived_keys): a key sold once is never stored for sale again, however old the sale.
INSERT INTO card_keys (id, product_id, fingerprint, sealed, status, order_id, created_at, updated_at)
SELECT :id, :productId, :fingerprint, :sealed, 'available', NULL, :now, :now
WHERE NOT EXISTS (SELECT 1 FROM archived_keys a WHERE a.product_id = :productId AND a.fingerprint = :fingerprint)
ON CONFLICT (product_id, fingerprint) DO NOTHING
