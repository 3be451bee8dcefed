-- The storefront counts available keys per product on every catalogue view
-- (KeyDao.availableByProduct: WHERE status = 'available' GROUP BY product_id). The claim index leads
-- with product_id, so that count scanned the whole key table, sold keys included (bench: the catalogue
-- API got slower as sales grew). A partial index holds only the keys on the shelf, grouped by product.
-- Partial indexes work the same on SQLite and PostgreSQL.
CREATE INDEX card_keys_available_by_product ON card_keys (product_id) WHERE status = 'available';
