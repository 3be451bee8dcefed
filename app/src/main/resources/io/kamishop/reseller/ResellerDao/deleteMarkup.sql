DELETE FROM reseller_markups WHERE reseller_id = :resellerId AND product_id = :productId
