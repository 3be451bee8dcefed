-- Products are grouped by a free-text category on the storefront; '' means uncategorised.
ALTER TABLE products ADD COLUMN category VARCHAR(100) NOT NULL DEFAULT '';
CREATE INDEX products_category ON products (category);
