-- Core schema: catalogue, key stock, orders, payments, admin tokens, plugin state.
-- One set for SQLite and PostgreSQL: ${id_pk} and ${blob} come from io.kamishop.db.Dialect.
-- Times are epoch milliseconds (BIGINT): the same on both databases, no time zone surprises.

CREATE TABLE store_settings (
    name       VARCHAR(100) PRIMARY KEY,
    value      TEXT         NOT NULL,
    updated_at BIGINT       NOT NULL
);

CREATE TABLE products (
    id          ${id_pk},
    name        VARCHAR(200) NOT NULL,
    description TEXT         NOT NULL DEFAULT '',
    price       BIGINT       NOT NULL CHECK (price >= 0),
    currency    CHAR(3)      NOT NULL,
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

-- A key is available, reserved by a pending order (order_id set), or sold (order_id set, delivered).
-- The fingerprint is a keyed hash of the key text: duplicates are found without decrypting anything.
CREATE TABLE card_keys (
    id          ${id_pk},
    product_id  BIGINT      NOT NULL REFERENCES products (id),
    fingerprint CHAR(64)    NOT NULL,
    sealed      ${blob}     NOT NULL,
    status      VARCHAR(16) NOT NULL CHECK (status IN ('available', 'reserved', 'sold')),
    order_id    BIGINT,
    created_at  BIGINT      NOT NULL,
    updated_at  BIGINT      NOT NULL,
    UNIQUE (product_id, fingerprint),
    CHECK ((status = 'available') = (order_id IS NULL))
);
CREATE INDEX card_keys_claim ON card_keys (product_id, status, id);
CREATE INDEX card_keys_order ON card_keys (order_id);

CREATE TABLE orders (
    id                ${id_pk},
    order_no          VARCHAR(32)  NOT NULL UNIQUE,
    product_id        BIGINT       NOT NULL REFERENCES products (id),
    product_name      VARCHAR(200) NOT NULL,
    quantity          INTEGER      NOT NULL CHECK (quantity > 0),
    unit_price        BIGINT       NOT NULL,
    amount            BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    email             VARCHAR(254) NOT NULL,
    channel           VARCHAR(64)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    lookup_token_hash CHAR(64)     NOT NULL,
    buyer_ip          VARCHAR(64),
    gateway_ref       VARCHAR(255),
    created_at        BIGINT       NOT NULL,
    expires_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);
CREATE INDEX orders_status_expiry ON orders (status, expires_at);
CREATE INDEX orders_email ON orders (email);
CREATE INDEX orders_created ON orders (created_at);

-- Every status move and every notable fact about an order, append-only.
CREATE TABLE order_events (
    id          ${id_pk},
    order_id    BIGINT      NOT NULL REFERENCES orders (id),
    kind        VARCHAR(40) NOT NULL,
    from_status VARCHAR(20),
    to_status   VARCHAR(20),
    detail      TEXT        NOT NULL DEFAULT '',
    at          BIGINT      NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

-- Each gateway payment is recorded once: the unique key is what makes notifications idempotent.
CREATE TABLE payment_notifications (
    id          ${id_pk},
    channel     VARCHAR(64)  NOT NULL,
    trade_no    VARCHAR(128) NOT NULL,
    order_id    BIGINT       REFERENCES orders (id),
    kind        VARCHAR(16)  NOT NULL,
    amount      BIGINT       NOT NULL,
    currency    CHAR(3),
    outcome     VARCHAR(32)  NOT NULL,
    received_at BIGINT       NOT NULL,
    UNIQUE (channel, trade_no)
);
CREATE INDEX payment_notifications_order ON payment_notifications (order_id);

CREATE TABLE admin_tokens (
    id           ${id_pk},
    name         VARCHAR(100) NOT NULL,
    token_hash   CHAR(64)     NOT NULL UNIQUE,
    created_at   BIGINT       NOT NULL,
    revoked_at   BIGINT
);

CREATE TABLE plugin_state (
    plugin_id  VARCHAR(100) PRIMARY KEY,
    enabled    BOOLEAN      NOT NULL,
    updated_at BIGINT       NOT NULL
);

-- Secret values are AES-256-GCM ciphertext (base64); plain ones are stored as text.
CREATE TABLE plugin_settings (
    plugin_id  VARCHAR(100) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    value      TEXT         NOT NULL,
    secret     BOOLEAN      NOT NULL,
    updated_at BIGINT       NOT NULL,
    PRIMARY KEY (plugin_id, name)
);
