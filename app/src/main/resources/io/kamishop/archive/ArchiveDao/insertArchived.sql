INSERT INTO archived_orders (id, order_no, product_id, product_name, quantity, unit_price, amount, fee, currency, email,
                             channel, status, lookup_token_hash, buyer_ip, gateway_ref, created_at, expires_at, updated_at,
                             archived_at, tier, document, document_bytes, segment)
VALUES (:o.id, :o.orderNo, :o.productId, :o.productName, :o.quantity, :o.unitPrice, :o.amount, :o.fee, :o.currency, :o.email,
        :o.channel, :o.status, :o.lookupTokenHash, :o.buyerIp, :o.gatewayRef, :o.createdAt, :o.expiresAt, :o.updatedAt,
        :now, 'warm', :document, :bytes, NULL)
