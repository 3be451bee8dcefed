-- A no-op write that takes the product's pricing row lock (PostgreSQL) so that two orders of the
-- same buyer cannot both count the other as not yet placed; SQLite serialises writers anyway.
UPDATE product_pricing SET updated_at = updated_at WHERE product_id = :productId
