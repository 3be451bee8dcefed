INSERT INTO order_events (order_id, kind, from_status, to_status, detail, detail_code, detail_args, at)
VALUES (:orderId, :kind, :fromStatus, :toStatus, '', :detailCode, :detailArgs, :at)
