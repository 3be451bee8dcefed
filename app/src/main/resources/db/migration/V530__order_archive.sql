-- The order archive (issue 28): old, final orders leave the hot tables.
--
--  * archived_orders: one row per archived order, with the order's own columns (so the admin search and
--    the buyer's look-up find it by the same fields) and, while it is warm, a JSON document holding every
--    row that belonged to it (events, keys sold to it - still sealed -, deliveries, payments, refunds,
--    mails, ...). When it goes cold the document moves into an encrypted segment (archive_segments) and
--    this row stays as the segment index: it names the segment that holds the order.
--  * archived_keys: the fingerprints of keys sold to archived orders, warm or cold, so an import never
--    stores (and never sells) a key an archived order already bought. Never deleted.
--  * archived_query_passwords: the buyer's look-up password hashes of archived orders, so a look-up by
--    e-mail + password still finds them.
CREATE TABLE archived_orders (
    id                BIGINT       PRIMARY KEY,
    order_no          VARCHAR(32)  NOT NULL UNIQUE,
    product_id        BIGINT       NOT NULL,
    product_name      VARCHAR(200) NOT NULL,
    quantity          INTEGER      NOT NULL,
    unit_price        BIGINT       NOT NULL,
    amount            BIGINT       NOT NULL,
    fee               BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    email             VARCHAR(254) NOT NULL,
    channel           VARCHAR(64)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    lookup_token_hash CHAR(64)     NOT NULL,
    buyer_ip          VARCHAR(64),
    gateway_ref       VARCHAR(255),
    created_at        BIGINT       NOT NULL,
    expires_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL,
    archived_at       BIGINT       NOT NULL,
    tier              VARCHAR(8)   NOT NULL CHECK (tier IN ('warm', 'cold')),
    document          TEXT,
    document_bytes    BIGINT       NOT NULL,
    segment           VARCHAR(100),
    CHECK ((tier = 'warm') = (document IS NOT NULL)),
    CHECK ((tier = 'cold') = (segment IS NOT NULL))
);
CREATE INDEX archived_orders_tier ON archived_orders (tier, created_at);
CREATE INDEX archived_orders_email ON archived_orders (LOWER(email), id);
CREATE INDEX archived_orders_gateway ON archived_orders (gateway_ref);
CREATE INDEX archived_orders_status ON archived_orders (status, id);

CREATE TABLE archived_keys (
    product_id  BIGINT  NOT NULL,
    fingerprint ${blob} NOT NULL,
    order_id    BIGINT  NOT NULL,
    PRIMARY KEY (product_id, fingerprint)
);

CREATE TABLE archived_query_passwords (
    order_id      BIGINT       PRIMARY KEY,
    email_lower   VARCHAR(254) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    created_at    BIGINT       NOT NULL
);
CREATE INDEX archived_query_passwords_email ON archived_query_passwords (email_lower, order_id);

-- One cold segment: compressed, then sealed (AES-256-GCM), written to a folder or an object store.
-- sha256 is of the stored bytes, checked when the segment is read back.
CREATE TABLE archive_segments (
    name       VARCHAR(100) PRIMARY KEY,
    store      VARCHAR(32)  NOT NULL,
    orders     INTEGER      NOT NULL,
    bytes      BIGINT       NOT NULL,
    sha256     CHAR(64)     NOT NULL,
    created_at BIGINT       NOT NULL
);
