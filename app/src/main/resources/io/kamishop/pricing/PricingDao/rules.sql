SELECT * FROM product_pricing WHERE product_id = :productId
