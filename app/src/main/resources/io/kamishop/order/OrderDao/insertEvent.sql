INSERT INTO order_events (order_id, kind, from_status, to_status, detail, at)
VALUES (:orderId, :kind, :fromStatus, :toStatus, :detail, :at)
