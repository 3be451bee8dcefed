SELECT product_id, kind, max_units, units_taken, key_format FROM product_kinds WHERE product_id = :productId
