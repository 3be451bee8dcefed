INSERT INTO refused_notifications (at, channel, trade_no, order_no, reason, remote_ip)
VALUES (:at, :channel, :tradeNo, :orderNo, :reason, :remoteIp)
