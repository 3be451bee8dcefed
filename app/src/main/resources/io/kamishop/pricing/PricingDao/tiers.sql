SELECT min_quantity, unit_price FROM price_tiers WHERE product_id = :productId ORDER BY min_quantity
