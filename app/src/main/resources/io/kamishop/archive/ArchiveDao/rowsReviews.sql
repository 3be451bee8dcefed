SELECT * FROM risk_reviews WHERE order_id = :key ORDER BY order_id
