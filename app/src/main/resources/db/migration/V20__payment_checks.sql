-- The reconciler's memory of asking gateways about orders whose notification may have been lost:
-- how often it asked, what it heard, and when to ask next (a growing interval, so a pending order
-- is not asked about on every pass, and a settled or closed one never again).
CREATE TABLE payment_checks (
    order_id      BIGINT      NOT NULL PRIMARY KEY REFERENCES orders (id),
    checks        INTEGER     NOT NULL,
    last_state    VARCHAR(16) NOT NULL,
    last_error    VARCHAR(500),
    checked_at    BIGINT      NOT NULL,
    next_check_at BIGINT      NOT NULL
);
CREATE INDEX payment_checks_next ON payment_checks (next_check_at);
