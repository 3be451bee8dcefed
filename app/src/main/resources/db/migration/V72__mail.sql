-- Buyer mails (issue 12). The outbox row is written in the transaction that pays or delivers the
-- order, so a crash after commit cannot lose a mail; a sender delivers rows and retries with backoff.
-- No mail body is stored: it is rendered at send time from the order (keys are never copied here).
CREATE TABLE mail_outbox (
    id              ${id_pk},
    order_id        BIGINT       NOT NULL REFERENCES orders (id),
    kind            VARCHAR(32)  NOT NULL,
    recipient       VARCHAR(254) NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'sent', 'skipped', 'failed')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    last_error      TEXT,
    created_at      BIGINT       NOT NULL,
    sent_at         BIGINT,
    UNIQUE (order_id, kind)
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- SMTP settings from the admin; the password is AES-256-GCM sealed (secret = TRUE).
CREATE TABLE mail_settings (
    name       VARCHAR(50) PRIMARY KEY,
    value      TEXT        NOT NULL,
    secret     BOOLEAN     NOT NULL,
    updated_at BIGINT      NOT NULL
);
