-- What the store writes about an order (its history, a refund's error) is stored as a message code and its
-- arguments, so the admin reads it in the admin's own language. Rows written before keep their English
-- text in detail / error (read as they are); new rows leave detail empty and fill the code.
ALTER TABLE order_events ADD COLUMN detail_code VARCHAR(64);
ALTER TABLE order_events ADD COLUMN detail_args TEXT;
ALTER TABLE refunds ADD COLUMN error_code VARCHAR(64);
