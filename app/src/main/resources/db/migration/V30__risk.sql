-- Risk engine: every decision a rule made, and the orders held for the merchant's review.

-- One row per rule per stage per order attempt, kept for the merchant and the per-rule statistics.
-- order_no is NULL when no order came of it (blocked, or out of stock); ip is always kept.
CREATE TABLE risk_decisions (
    id        ${id_pk},
    rule_id   VARCHAR(100) NOT NULL,
    stage     VARCHAR(20)  NOT NULL,
    order_no  VARCHAR(32),
    ip        VARCHAR(64),
    verdict   VARCHAR(10)  NOT NULL CHECK (verdict IN ('allow', 'review', 'block')),
    score     INTEGER      NOT NULL,
    reasons   TEXT         NOT NULL DEFAULT '',
    shadow    BOOLEAN      NOT NULL,
    at        BIGINT       NOT NULL
);
CREATE INDEX risk_decisions_rule ON risk_decisions (rule_id, verdict, shadow);
CREATE INDEX risk_decisions_order ON risk_decisions (order_no);

-- An order under review: its keys stay held after payment until the merchant decides.
-- One row per order; status only moves open -> approved | rejected.
CREATE TABLE risk_reviews (
    order_id   BIGINT       PRIMARY KEY REFERENCES orders (id),
    order_no   VARCHAR(32)  NOT NULL,
    status     VARCHAR(10)  NOT NULL CHECK (status IN ('open', 'approved', 'rejected')),
    reasons    TEXT         NOT NULL DEFAULT '',
    created_at BIGINT       NOT NULL,
    decided_at BIGINT,
    decided_by VARCHAR(100)
);
CREATE INDEX risk_reviews_status ON risk_reviews (status, created_at);

-- Velocity counters are seeded from the orders table after a restart: these make that cheap.
CREATE INDEX orders_buyer_ip_created ON orders (buyer_ip, created_at);
CREATE INDEX orders_email_created ON orders (email, created_at);
CREATE INDEX orders_product_created ON orders (product_id, created_at);
