SELECT status FROM card_keys WHERE id = :keyId AND product_id = :productId
