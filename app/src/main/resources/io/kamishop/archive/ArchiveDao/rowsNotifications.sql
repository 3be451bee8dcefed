SELECT * FROM payment_notifications WHERE order_id = :key ORDER BY id
