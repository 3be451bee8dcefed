SELECT * FROM order_traces WHERE order_no = :key ORDER BY order_no
