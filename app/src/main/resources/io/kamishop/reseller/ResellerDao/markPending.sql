UPDATE reseller_orders SET status = 'pending', available_at = :availableAt WHERE order_id = :orderId AND status = 'placed'
