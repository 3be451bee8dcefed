SELECT reseller_id, product_id, kind, amount, updated_at FROM reseller_markups
WHERE reseller_id = :resellerId AND product_id = :productId
