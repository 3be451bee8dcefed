SELECT channel, amount FROM order_channel_offers WHERE order_id = :orderId ORDER BY replaced_at
