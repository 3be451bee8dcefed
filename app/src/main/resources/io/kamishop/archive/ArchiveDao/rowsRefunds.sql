SELECT * FROM refunds WHERE order_id = :key ORDER BY id
