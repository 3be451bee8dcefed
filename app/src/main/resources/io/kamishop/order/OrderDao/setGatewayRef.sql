UPDATE orders SET gateway_ref = :gatewayRef WHERE id = :id
