-- The whole check is in the WHERE: two orders racing for the last use cannot both match.
UPDATE product_kinds SET units_taken = units_taken + :quantity, updated_at = :now
WHERE product_id = :productId AND (max_units IS NULL OR units_taken + :quantity <= max_units)
