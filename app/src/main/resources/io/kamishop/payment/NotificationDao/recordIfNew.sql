INSERT INTO payment_notifications (channel, trade_no, order_id, kind, amount, currency, outcome, received_at)
VALUES (:channel, :tradeNo, :orderId, :kind, :amount, :currency, :outcome, :now)
ON CONFLICT (channel, trade_no) DO NOTHING
