SELECT * FROM order_channel_offers WHERE order_id = :key ORDER BY channel
