DELETE FROM flag_exposures WHERE order_id = :key
