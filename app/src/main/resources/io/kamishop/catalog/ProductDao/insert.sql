INSERT INTO products (name, description, price, currency, active, created_at, updated_at)
VALUES (:name, :description, :price, :currency, :active, :createdAt, :updatedAt)
