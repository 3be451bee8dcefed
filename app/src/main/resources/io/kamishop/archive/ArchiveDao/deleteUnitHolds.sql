DELETE FROM unit_holds WHERE order_id = :key
