INSERT INTO products (name, description, price, currency, active, category, created_at, updated_at)
VALUES (:name, :description, :price, :currency, :active, :category, :createdAt, :updatedAt)
RETURNING id
