INSERT INTO archived_keys (product_id, fingerprint, order_id) VALUES (:productId, :fingerprint, :orderId)
