INSERT INTO risk_reviews (order_id, order_no, status, reasons, created_at)
VALUES (:orderId, :orderNo, 'open', :reasons, :now)
