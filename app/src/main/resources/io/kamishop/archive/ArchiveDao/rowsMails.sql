SELECT * FROM mail_outbox WHERE order_id = :key ORDER BY id
