-- Idempotent: the UNIQUE (order_id, kind) makes a second enqueue of the same mail a no-op.
INSERT INTO mail_outbox (order_id, kind, recipient, status, attempts, next_attempt_at, created_at)
-- The casts give PostgreSQL one type per parameter: it is used both as a value and in a comparison.
SELECT CAST(:orderId AS BIGINT), CAST(:kind AS VARCHAR(32)), :recipient, 'pending', 0, :now, :now
WHERE NOT EXISTS (SELECT 1 FROM mail_outbox WHERE order_id = CAST(:orderId AS BIGINT) AND kind = CAST(:kind AS VARCHAR(32)))
