SELECT * FROM flag_exposures WHERE order_id = :key ORDER BY flag_key
