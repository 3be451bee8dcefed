-- The refund_id is derived from what was asked: the same request twice conflicts here and adds nothing.
-- A request that sends its refund itself inserts it claimed (attempts 1, the next attempt after the claim), so
-- no sweeper takes it between this commit and the request's own call to the gateway.
INSERT INTO refunds (order_id, refund_id, channel, trade_no, amount, currency, reason, origin, status, error,
                     attempts, next_attempt_at, created_at, updated_at)
VALUES (:orderId, :refundId, :channel, :tradeNo, :amount, :currency, :reason, :origin, :status, :error, :attempts,
        :nextAttemptAt, :now, :now)
ON CONFLICT (refund_id) DO NOTHING
