DELETE FROM order_traces WHERE order_no = :key
