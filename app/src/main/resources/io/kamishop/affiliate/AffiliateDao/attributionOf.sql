SELECT affiliate_id FROM affiliate_orders WHERE order_id = :orderId
