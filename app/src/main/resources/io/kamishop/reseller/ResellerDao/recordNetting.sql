UPDATE reseller_orders SET netted = netted + :netted WHERE order_id = :orderId
