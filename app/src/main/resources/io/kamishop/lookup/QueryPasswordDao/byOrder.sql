-- An order's query password, hot or archived (ids are never reused, so at most one of the two has it).
SELECT order_id, password_hash FROM order_query_passwords WHERE order_id = :orderId
UNION ALL
SELECT order_id, password_hash FROM archived_query_passwords WHERE order_id = :orderId
