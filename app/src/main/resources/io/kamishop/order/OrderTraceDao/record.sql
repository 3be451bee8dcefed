INSERT INTO order_traces (order_no, traceparent, created_at) VALUES (:orderNo, :traceparent, :now)
ON CONFLICT (order_no) DO NOTHING
