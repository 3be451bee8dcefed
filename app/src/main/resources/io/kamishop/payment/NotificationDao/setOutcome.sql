UPDATE payment_notifications SET outcome = :outcome WHERE channel = :channel AND trade_no = :tradeNo
