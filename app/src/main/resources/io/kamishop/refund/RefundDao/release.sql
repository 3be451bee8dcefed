UPDATE payment_notifications SET refunded = refunded - :amount
WHERE channel = :channel AND trade_no = :tradeNo AND kind = 'paid' AND refunded >= :amount
