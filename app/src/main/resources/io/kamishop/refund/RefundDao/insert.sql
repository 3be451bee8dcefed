INSERT INTO refunds (order_id, refund_id, channel, trade_no, amount, currency, reason, status, created_at, updated_at)
VALUES (:orderId, :refundId, :channel, :tradeNo, :amount, :currency, :reason, 'requested', :now, :now)
