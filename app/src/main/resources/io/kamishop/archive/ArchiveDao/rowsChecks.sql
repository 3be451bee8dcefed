SELECT * FROM payment_checks WHERE order_id = :key ORDER BY order_id
