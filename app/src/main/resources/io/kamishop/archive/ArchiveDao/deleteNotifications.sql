DELETE FROM payment_notifications WHERE order_id = :key
