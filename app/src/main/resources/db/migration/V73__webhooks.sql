-- Merchant webhooks (issue 12): endpoints with a sealed signing secret, and an outbox of deliveries
-- written in the transaction that changes the order, retried with backoff until the merchant says 2xx.
CREATE TABLE webhook_endpoints (
    id            ${id_pk},
    url           VARCHAR(2000) NOT NULL,
    sealed_secret TEXT          NOT NULL,
    events        VARCHAR(1000) NOT NULL,
    active        BOOLEAN       NOT NULL DEFAULT TRUE,
    created_at    BIGINT        NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              ${id_pk},
    endpoint_id     BIGINT       NOT NULL REFERENCES webhook_endpoints (id),
    event_id        VARCHAR(64)  NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at BIGINT       NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    created_at      BIGINT       NOT NULL,
    delivered_at    BIGINT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
