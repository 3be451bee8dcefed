SELECT * FROM orders WHERE order_no = :orderNo
