SELECT sealed FROM product_files WHERE id = :id
