DELETE FROM order_query_passwords WHERE order_id = :key
