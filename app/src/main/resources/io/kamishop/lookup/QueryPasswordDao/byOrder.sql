SELECT order_id, password_hash FROM order_query_passwords WHERE order_id = :orderId
