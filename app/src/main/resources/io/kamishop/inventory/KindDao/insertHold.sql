INSERT INTO unit_holds (order_id, product_id, quantity, status, updated_at)
VALUES (:orderId, :productId, :quantity, 'held', :now)
