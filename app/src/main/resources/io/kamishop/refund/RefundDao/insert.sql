-- The refund_id is derived from what was asked: the same request twice conflicts here and adds nothing.
INSERT INTO refunds (order_id, refund_id, channel, trade_no, amount, currency, reason, origin, status, error,
                     attempts, next_attempt_at, created_at, updated_at)
VALUES (:orderId, :refundId, :channel, :tradeNo, :amount, :currency, :reason, :origin, :status, :error, 0, :now, :now, :now)
ON CONFLICT (refund_id) DO NOTHING
