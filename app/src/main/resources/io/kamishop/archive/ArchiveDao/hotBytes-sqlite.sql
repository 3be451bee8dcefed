-- Pages the hot order tables and their indexes take (SQLite's dbstat table).
SELECT COALESCE(SUM(pgsize), 0) FROM dbstat
WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name IN
               ('orders', 'order_events', 'card_keys', 'order_deliveries', 'payment_notifications', 'refunds', 'outbox'))
