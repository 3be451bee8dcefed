-- Pricing rules and coupons (issue 12). Money in minor units, times in epoch millis.

-- Per-product limits. A product without a row has none (beyond the store-wide maximum quantity).
CREATE TABLE product_pricing (
    product_id      BIGINT  PRIMARY KEY REFERENCES products (id),
    min_quantity    INTEGER NOT NULL DEFAULT 1 CHECK (min_quantity >= 1),
    max_quantity    INTEGER CHECK (max_quantity IS NULL OR max_quantity >= min_quantity),
    per_buyer_limit INTEGER CHECK (per_buyer_limit IS NULL OR per_buyer_limit >= 1),
    updated_at      BIGINT  NOT NULL
);

-- Wholesale: from min_quantity units up, each unit costs unit_price (the highest tier reached wins).
CREATE TABLE price_tiers (
    product_id   BIGINT  NOT NULL REFERENCES products (id),
    min_quantity INTEGER NOT NULL CHECK (min_quantity >= 2),
    unit_price   BIGINT  NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (product_id, min_quantity)
);

-- uses counts the paid-or-pending orders holding the coupon. It only grows through a conditional
-- UPDATE (uses < max_uses) inside the placing transaction, and the CHECK is a second wall.
CREATE TABLE coupons (
    id          ${id_pk},
    code        VARCHAR(64) NOT NULL UNIQUE,
    percent_off INTEGER CHECK (percent_off IS NULL OR (percent_off >= 1 AND percent_off <= 100)),
    amount_off  BIGINT  CHECK (amount_off IS NULL OR amount_off >= 1),
    currency    CHAR(3),
    max_uses    INTEGER CHECK (max_uses IS NULL OR max_uses >= 1),
    uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    product_id  BIGINT  REFERENCES products (id),
    expires_at  BIGINT,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT  NOT NULL,
    CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
    CHECK (max_uses IS NULL OR uses <= max_uses)
);

-- One row per order that used a coupon; released_at is set once when the use is given back.
CREATE TABLE coupon_uses (
    order_id    BIGINT PRIMARY KEY REFERENCES orders (id),
    coupon_id   BIGINT NOT NULL REFERENCES coupons (id),
    discount    BIGINT NOT NULL,
    used_at     BIGINT NOT NULL,
    released_at BIGINT
);
CREATE INDEX coupon_uses_coupon ON coupon_uses (coupon_id);
