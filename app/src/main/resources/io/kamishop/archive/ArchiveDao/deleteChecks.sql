DELETE FROM payment_checks WHERE order_id = :key
