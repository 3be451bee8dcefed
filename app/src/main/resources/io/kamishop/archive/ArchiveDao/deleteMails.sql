DELETE FROM mail_outbox WHERE order_id = :key
