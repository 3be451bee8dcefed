INSERT INTO reseller_orders (order_id, reseller_id, markup, currency, status, created_at)
VALUES (:orderId, :resellerId, :markup, :currency, 'placed', :now)
