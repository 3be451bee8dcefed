UPDATE products
SET name = :name, description = :description, price = :price, currency = :currency, active = :active, category = :category,
    updated_at = :updatedAt
WHERE id = :id
