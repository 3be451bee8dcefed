INSERT INTO product_kinds (product_id, kind, max_units, units_taken, key_format, updated_at)
VALUES (:productId, :kind, CAST(:maxUnits AS BIGINT), 0, CAST(:keyFormat AS VARCHAR(100)), :now)
