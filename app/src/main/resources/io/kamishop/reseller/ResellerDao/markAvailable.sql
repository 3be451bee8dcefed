UPDATE reseller_orders SET status = 'available' WHERE order_id = :orderId AND status = 'pending'
