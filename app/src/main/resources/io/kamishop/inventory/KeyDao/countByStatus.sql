SELECT status, COUNT(*) AS n FROM card_keys WHERE product_id = :productId GROUP BY status
