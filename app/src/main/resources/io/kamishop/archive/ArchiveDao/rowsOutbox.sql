SELECT * FROM outbox WHERE order_id = :key ORDER BY id
