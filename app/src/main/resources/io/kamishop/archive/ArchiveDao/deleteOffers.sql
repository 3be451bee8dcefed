DELETE FROM order_channel_offers WHERE order_id = :key
