DELETE FROM price_tiers WHERE product_id = :productId
