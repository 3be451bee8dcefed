DELETE FROM risk_reviews WHERE order_id = :key
