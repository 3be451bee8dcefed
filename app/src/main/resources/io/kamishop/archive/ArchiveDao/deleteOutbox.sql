DELETE FROM outbox WHERE order_id = :key
