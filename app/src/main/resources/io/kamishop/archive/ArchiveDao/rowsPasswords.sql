SELECT * FROM order_query_passwords WHERE order_id = :key ORDER BY order_id
