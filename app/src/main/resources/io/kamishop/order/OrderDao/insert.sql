INSERT INTO orders (order_no, product_id, product_name, quantity, unit_price, amount, currency, email, channel, status,
                    lookup_token_hash, buyer_ip, gateway_ref, created_at, expires_at, updated_at, fee)
VALUES (:orderNo, :productId, :productName, :quantity, :unitPrice, :amount, :currency, :email, :channel, :status,
        :lookupTokenHash, :buyerIp, :gatewayRef, :createdAt, :expiresAt, :updatedAt, :fee)
ON CONFLICT (order_no) DO NOTHING
RETURNING id
