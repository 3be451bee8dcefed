SELECT * FROM risk_reviews WHERE order_id = :orderId
