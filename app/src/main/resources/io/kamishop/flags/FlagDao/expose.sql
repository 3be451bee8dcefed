INSERT INTO flag_exposures (order_id, flag_key, arm) VALUES (:orderId, :key, :arm)
