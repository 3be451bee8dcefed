-- Admin refunds through the payment channel (issue 12): one full refund per order. refund_id is the
-- store's idempotency key, sent to the gateway, so asking twice refunds once.
CREATE TABLE refunds (
    id         ${id_pk},
    order_id   BIGINT       NOT NULL UNIQUE REFERENCES orders (id),
    refund_id  VARCHAR(64)  NOT NULL UNIQUE,
    channel    VARCHAR(64)  NOT NULL,
    trade_no   VARCHAR(128) NOT NULL,
    amount     BIGINT       NOT NULL,
    currency   CHAR(3)      NOT NULL,
    reason     VARCHAR(200) NOT NULL DEFAULT '',
    status     VARCHAR(16)  NOT NULL CHECK (status IN ('requested', 'succeeded', 'failed')),
    gateway_id VARCHAR(128),
    error      TEXT,
    created_at BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL
);
