SELECT * FROM unit_holds WHERE order_id = :key ORDER BY order_id
