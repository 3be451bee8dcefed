-- The over-refund guard: one atomic conditional update of the payment's row (row-locked on PostgreSQL,
-- the single writer on SQLite). 0 rows: that much is no longer left to refund.
UPDATE payment_notifications SET refunded = refunded + :amount
WHERE channel = :channel AND trade_no = :tradeNo AND kind = 'paid' AND refunded + :amount <= amount
