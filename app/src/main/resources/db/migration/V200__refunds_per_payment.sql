-- Refunds v2 (issue 20): any payment can be refunded, in parts, and a refund can be owed to the
-- gateway for a while (retried by the refund sweeper) or recorded as done by hand.
--  * one order may have many refunds (partial ones, and one per payment of an order paid twice):
--    the UNIQUE on order_id goes, so the table is rebuilt (SQLite cannot drop a constraint);
--  * refund_id stays the idempotency key sent to the gateway, derived from what was asked, so asking
--    for the same refund again (or a sweeper on another node) finds the row instead of a second refund;
--  * payment_notifications.refunded is how much of that payment is refunded or being refunded: it only
--    grows by a conditional update that keeps it within the paid amount, so two nodes racing cannot
--    refund more than was paid (the guard is the row, not a read-then-write in Java).
CREATE TABLE refunds_v2 (
    id              ${id_pk},
    order_id        BIGINT       NOT NULL REFERENCES orders (id),
    refund_id       VARCHAR(64)  NOT NULL UNIQUE,
    channel         VARCHAR(64)  NOT NULL,
    trade_no        VARCHAR(128) NOT NULL,
    amount          BIGINT       NOT NULL CHECK (amount > 0),
    currency        CHAR(3)      NOT NULL,
    reason          VARCHAR(200) NOT NULL DEFAULT '',
    origin          VARCHAR(16)  NOT NULL DEFAULT 'merchant' CHECK (origin IN ('merchant', 'automatic')),
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'manual')),
    gateway_id      VARCHAR(128),
    error           TEXT,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL DEFAULT 0,
    created_at      BIGINT       NOT NULL,
    updated_at      BIGINT       NOT NULL
);
-- A v1 'requested' refund was in flight when the store stopped: pending, so the sweeper finishes it with
-- the same refund id. A v1 'failed' one waited for the merchant to ask again: failed, nothing reserved.
INSERT INTO refunds_v2 (order_id, refund_id, channel, trade_no, amount, currency, reason, origin, status, gateway_id, error,
                        attempts, next_attempt_at, created_at, updated_at)
SELECT order_id, refund_id, channel, trade_no, amount, currency, reason, 'merchant',
       CASE status WHEN 'requested' THEN 'pending' ELSE status END, gateway_id, error, 0, 0, created_at, updated_at
FROM refunds;
DROP TABLE refunds;
ALTER TABLE refunds_v2 RENAME TO refunds;
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_trade ON refunds (channel, trade_no);
CREATE INDEX refunds_due ON refunds (status, next_attempt_at);

ALTER TABLE payment_notifications ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0;
UPDATE payment_notifications SET refunded = amount
WHERE kind = 'paid' AND EXISTS (SELECT 1 FROM refunds r WHERE r.channel = payment_notifications.channel
                                AND r.trade_no = payment_notifications.trade_no AND r.status IN ('pending', 'succeeded'));
-- What the automatic-refund sweeper looks at: payments nothing has been refunded of yet, whose outcome
-- may call for a refund. Small (most payments are delivered), so the sweep stays cheap on a big store.
CREATE INDEX payment_notifications_refund_due ON payment_notifications (outcome, received_at)
    WHERE refunded = 0 AND outcome IN ('late_payment', 'duplicate_payment', 'generation_failed', 'held_for_review');
-- An order the merchant marked refunded before this version was given back outside the store: its own
-- payment counts as refunded, so no gateway refund of it can be asked for a second time.
UPDATE payment_notifications SET refunded = amount
WHERE kind = 'paid' AND outcome <> 'duplicate_payment' AND order_id IN (SELECT id FROM orders WHERE status = 'refunded');
