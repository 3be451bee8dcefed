-- The notice outbox (issue 12): what the store tells the merchant through Notifier plugins. A row per
-- notice and notifier, written in the transaction that makes the fact, retried with backoff until the
-- notifier's send returns, dead after a number of attempts. Notices carry facts, never keys or tokens.
CREATE TABLE notice_outbox (
    id              ${id_pk},
    notifier        VARCHAR(250) NOT NULL,
    notice_id       VARCHAR(64)  NOT NULL,
    kind            VARCHAR(40)  NOT NULL,
    subject         TEXT         NOT NULL,
    body            TEXT         NOT NULL,
    fields          TEXT         NOT NULL,
    happened_at     BIGINT       NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    last_error      TEXT,
    created_at      BIGINT       NOT NULL,
    delivered_at    BIGINT,
    UNIQUE (notifier, notice_id)
);
CREATE INDEX notice_outbox_due ON notice_outbox (status, next_attempt_at);
