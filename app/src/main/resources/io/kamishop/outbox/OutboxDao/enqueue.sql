-- Idempotent: UNIQUE (topic, dedupe_key) makes a second enqueue of the same message a no-op.
-- ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike) checks that with the insert's own index probe
-- instead of a separate NOT EXISTS lookup: this runs in every paying transaction.
INSERT INTO outbox (topic, dedupe_key, order_id, payload, status, attempts, next_attempt_at, created_at)
VALUES (:topic, :dedupeKey, :orderId, :payload, 'pending', 0, :now, :now)
ON CONFLICT (topic, dedupe_key) DO NOTHING
