SELECT status, SUM(quantity) AS n FROM unit_holds WHERE product_id = :productId GROUP BY status
