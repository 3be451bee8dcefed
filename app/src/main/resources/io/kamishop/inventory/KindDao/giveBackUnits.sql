UPDATE product_kinds SET units_taken = units_taken - :quantity, updated_at = :now
WHERE product_id = :productId AND units_taken >= :quantity
