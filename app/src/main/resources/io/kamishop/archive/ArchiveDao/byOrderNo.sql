SELECT * FROM archived_orders WHERE order_no = :orderNo
