INSERT INTO card_keys (product_id, fingerprint, sealed, status, order_id, created_at, updated_at)
VALUES (:productId, :fingerprint, :sealed, 'available', NULL, :now, :now)
ON CONFLICT (product_id, fingerprint) DO NOTHING
