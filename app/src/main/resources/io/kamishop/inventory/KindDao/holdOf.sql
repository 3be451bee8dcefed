SELECT order_id, product_id, quantity, status FROM unit_holds WHERE order_id = :orderId
