DELETE FROM order_traces WHERE created_at < :before
