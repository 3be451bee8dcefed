-- Idempotent: the UNIQUE (order_id, kind) makes a second enqueue of the same mail a no-op.
INSERT INTO mail_outbox (order_id, kind, recipient, status, attempts, next_attempt_at, created_at)
SELECT :orderId, :kind, :recipient, 'pending', 0, :now, :now
WHERE NOT EXISTS (SELECT 1 FROM mail_outbox WHERE order_id = :orderId AND kind = :kind)
