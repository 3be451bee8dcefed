-- Product kinds (issue 12). A product without a row here is "keys": distinct card keys, one per unit.
-- Every other kind counts units instead of keys: units_taken is what pending, paid and delivered orders
-- hold, taken by a conditional UPDATE that cannot pass max_units (NULL = no cap), so a limit holds
-- under races on any number of nodes. The CHECKs are a second wall behind that UPDATE.
CREATE TABLE product_kinds (
    product_id  BIGINT      PRIMARY KEY REFERENCES products (id),
    kind        VARCHAR(16) NOT NULL CHECK (kind IN ('keys', 'shared', 'file', 'manual', 'generated')),
    max_units   BIGINT      CHECK (max_units IS NULL OR max_units > 0),
    units_taken BIGINT      NOT NULL DEFAULT 0,
    key_format  VARCHAR(100),
    updated_at  BIGINT      NOT NULL,
    CHECK (units_taken >= 0),
    CHECK (max_units IS NULL OR units_taken <= max_units)
);

-- The units one order of a unit kind holds: held while pending (and paid, until delivered), then sold,
-- or released when the order expires, is cancelled or refunded before delivery. One row per order, so
-- giving units back twice is impossible: only the move away from 'held' returns them.
CREATE TABLE unit_holds (
    order_id   BIGINT      PRIMARY KEY REFERENCES orders (id),
    product_id BIGINT      NOT NULL REFERENCES products (id),
    quantity   INTEGER     NOT NULL CHECK (quantity > 0),
    status     VARCHAR(16) NOT NULL CHECK (status IN ('held', 'sold', 'released')),
    updated_at BIGINT      NOT NULL
);
CREATE INDEX unit_holds_product ON unit_holds (product_id, status);

-- What an order of a shared or manual product received, sealed like card keys (AES-256-GCM, bound to
-- the order). Generated keys go to card_keys as sold keys instead; a file order names its file here.
CREATE TABLE order_deliveries (
    id         ${id_pk},
    order_id   BIGINT  NOT NULL REFERENCES orders (id),
    position   INTEGER NOT NULL,
    sealed     ${blob},
    file_id    BIGINT,
    created_at BIGINT  NOT NULL,
    UNIQUE (order_id, position),
    CHECK ((sealed IS NULL) <> (file_id IS NULL))
);

-- A file product's downloadable file, sealed with AES-256-GCM (never plaintext at rest). The newest
-- row of a product is what new orders receive; an order keeps the file it was delivered.
CREATE TABLE product_files (
    id           ${id_pk},
    product_id   BIGINT       NOT NULL REFERENCES products (id),
    name         VARCHAR(200) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size         BIGINT       NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    sealed       ${blob}      NOT NULL,
    created_at   BIGINT       NOT NULL
);
CREATE INDEX product_files_product ON product_files (product_id, id);
