INSERT INTO price_tiers (product_id, min_quantity, unit_price) VALUES (:productId, :minQuantity, :unitPrice)
