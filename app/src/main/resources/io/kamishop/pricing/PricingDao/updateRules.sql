UPDATE product_pricing
SET min_quantity = :minQuantity, max_quantity = :maxQuantity, per_buyer_limit = :perBuyerLimit, updated_at = :updatedAt
WHERE product_id = :productId
