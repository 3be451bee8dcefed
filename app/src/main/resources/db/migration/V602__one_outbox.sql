-- One durable outbox (issue 27): the mail outbox (V72), the notice outbox (V110) and the Telegram keys
-- message kept on telegram_orders (V350) were three copies of one lease and backoff. Every message the
-- store owes an outside party is now a row here, sent by its topic's handler (see io.kamishop.outbox).
-- Payloads name what to send (an order, a kind, a recipient); bodies and keys are rendered at send time.
CREATE TABLE outbox (
    id              ${id_pk},
    topic           VARCHAR(40)  NOT NULL,
    dedupe_key      VARCHAR(400) NOT NULL,
    order_id        BIGINT       REFERENCES orders (id),
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    last_error      TEXT,
    created_at      BIGINT       NOT NULL,
    sent_at         BIGINT,
    UNIQUE (topic, dedupe_key)
);
CREATE INDEX outbox_due ON outbox (topic, status, next_attempt_at);
CREATE INDEX outbox_order ON outbox (order_id);

-- Mails: one per order and kind, as UNIQUE (order_id, kind) said. A skipped mail (no longer owed) is
-- sent with a note; a failed one is dead.
INSERT INTO outbox (topic, dedupe_key, order_id, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT 'mail', CAST(order_id AS VARCHAR(20)) || ':' || kind, order_id,
       CAST(${json_object}('kind', kind, 'recipient', recipient) AS TEXT),
       CASE status WHEN 'pending' THEN 'pending' WHEN 'failed' THEN 'dead' ELSE 'sent' END,
       attempts, next_attempt_at, CASE WHEN status = 'skipped' THEN 'skipped' ELSE last_error END, created_at, sent_at
FROM mail_outbox ORDER BY id;

-- Notices: one per notifier and notice, as UNIQUE (notifier, notice_id) said.
INSERT INTO outbox (topic, dedupe_key, order_id, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT 'notices', notifier || ' ' || notice_id, NULL,
       CAST(${json_object}('notifier', notifier, 'noticeId', notice_id, 'kind', kind, 'subject', subject, 'body', body,
                           'fields', fields, 'happenedAt', happened_at) AS TEXT),
       CASE status WHEN 'delivered' THEN 'sent' ELSE status END,
       attempts, next_attempt_at, last_error, created_at, delivered_at
FROM notice_outbox ORDER BY id;

-- Keys to a bot order's chat: one per order, as the row per order did. 'waiting' was no message yet.
INSERT INTO outbox (topic, dedupe_key, order_id, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT 'telegram-keys', CAST(order_id AS VARCHAR(20)), order_id, CAST(${json_object}('orderNo', order_no) AS TEXT),
       CASE keys_status WHEN 'due' THEN 'pending' WHEN 'failed' THEN 'dead' ELSE 'sent' END,
       attempts, next_attempt_at, last_error, created_at, keys_sent_at
FROM telegram_orders WHERE keys_status <> 'waiting';

DROP TABLE mail_outbox;
DROP TABLE notice_outbox;
DROP INDEX telegram_orders_due;
ALTER TABLE telegram_orders DROP COLUMN keys_status;
ALTER TABLE telegram_orders DROP COLUMN attempts;
ALTER TABLE telegram_orders DROP COLUMN next_attempt_at;
ALTER TABLE telegram_orders DROP COLUMN last_error;
ALTER TABLE telegram_orders DROP COLUMN keys_sent_at;
