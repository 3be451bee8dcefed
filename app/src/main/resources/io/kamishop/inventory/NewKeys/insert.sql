-- One imported key. Its id is given (see NewKeys.reserveIds) so that keys are sold in upload order
-- although a batch is inserted in fingerprint order. A fingerprint the product already has is
-- skipped (row count 0): that is how duplicates are counted.
INSERT INTO card_keys (id, product_id, fingerprint, sealed, status, order_id, created_at, updated_at)
VALUES (:id, :productId, :fingerprint, :sealed, 'available', NULL, :now, :now)
ON CONFLICT (product_id, fingerprint) DO NOTHING
