SELECT DISTINCT product_id FROM product_files
