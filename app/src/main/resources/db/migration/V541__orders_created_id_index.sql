-- Issue 29 (big store): the date-range CSV export pages on (created_at, id) (OrderDao/exportRangePage.sql).
-- SQLite's index on created_at already ends in the rowid; PostgreSQL's does not, and would sort the
-- rest of the range for every page. This index replaces that one, so an order still writes one.
CREATE INDEX orders_created_id ON orders (created_at, id);
DROP INDEX orders_created;
