-- Bytes the hot order tables take with their indexes and TOAST (PostgreSQL).
SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace
  AND c.relname IN ('orders', 'order_events', 'card_keys', 'order_deliveries', 'payment_notifications', 'refunds', 'outbox')
