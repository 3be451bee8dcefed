-- A new cap may not fall below what orders already hold or bought: those units are promised.
UPDATE product_kinds SET max_units = :maxUnits, updated_at = :now
WHERE product_id = :productId AND kind <> 'keys' AND units_taken <= :maxUnits
