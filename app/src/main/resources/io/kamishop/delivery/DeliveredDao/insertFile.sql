INSERT INTO order_deliveries (order_id, position, sealed, file_id, created_at)
VALUES (:orderId, :position, NULL, :fileId, :now)
