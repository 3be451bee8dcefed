SELECT * FROM refunds WHERE order_id = :orderId
