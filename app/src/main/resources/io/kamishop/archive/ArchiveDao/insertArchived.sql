INSERT INTO archived_orders (id, order_no, product_id, product_name, quantity, unit_price, amount, fee, currency, email,
                             channel, status, lookup_token_hash, buyer_ip, gateway_ref, created_at, expires_at, updated_at,
                             archived_at, tier, document, document_bytes, segment)
VALUES (:id, :orderNo, :productId, :productName, :quantity, :unitPrice, :amount, :fee, :currency, :email,
        :channel, :status, :lookupTokenHash, :buyerIp, :gatewayRef, :createdAt, :expiresAt, :updatedAt,
        :now, 'warm', :document, :bytes, NULL)
