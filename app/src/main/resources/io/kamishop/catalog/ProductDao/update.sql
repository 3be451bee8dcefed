UPDATE products
SET name = :name, description = :description, price = :price, currency = :currency, active = :active, updated_at = :updatedAt
WHERE id = :id
