-- The merchant's order search on a big store (bench/run --scale, issue 29). Newest first, paged by id:
-- - by status: orders_status_expiry (status, expires_at) serves the expiry sweeper but not "this
--   status, newest first"; without (status, id) a status few orders have read every order;
-- - by gateway reference: no index at all, and the search's OR with the e-mail substring made the
--   order-number search read every order too;
-- - by a buyer's e-mail: orders_email (email) is case-sensitive and not in id order.
-- Expression indexes work the same on SQLite (3.9+) and PostgreSQL.
CREATE INDEX orders_status_id ON orders (status, id);
CREATE INDEX orders_gateway_ref ON orders (gateway_ref);
CREATE INDEX orders_email_lower_id ON orders (LOWER(email), id);
