INSERT INTO product_pricing (product_id, min_quantity, max_quantity, per_buyer_limit, updated_at)
VALUES (:productId, :minQuantity, :maxQuantity, :perBuyerLimit, :updatedAt)
