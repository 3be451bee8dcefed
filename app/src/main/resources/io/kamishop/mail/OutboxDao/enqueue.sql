-- Idempotent: the UNIQUE (order_id, kind) makes a second enqueue of the same mail a no-op.
-- ON CONFLICT DO NOTHING (SQLite and PostgreSQL alike) checks that with the insert's own index probe
-- instead of a separate NOT EXISTS lookup: this runs in every paying transaction.
INSERT INTO mail_outbox (order_id, kind, recipient, status, attempts, next_attempt_at, created_at)
VALUES (:orderId, :kind, :recipient, 'pending', 0, :now, :now)
ON CONFLICT (order_id, kind) DO NOTHING
