-- Switching back and forth keeps the first amount asked through a channel: that is what its gateway was told.
INSERT INTO order_channel_offers (order_id, channel, amount, fee, replaced_at)
VALUES (:orderId, :channel, :amount, :fee, :now)
ON CONFLICT (order_id, channel) DO NOTHING
