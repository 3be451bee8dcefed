SELECT traceparent FROM order_traces WHERE order_no = :orderNo
