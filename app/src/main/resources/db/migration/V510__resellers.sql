-- Resellers (issue 24, 分站): a buyer account the merchant approved sells the merchant's products on a
-- sub-store at /s/{slug}/ with a markup of its own. Its earnings are the markups, posted in the ledger (V300)
-- to the ledger accounts of the account's affiliate (V400), so withdrawals are the affiliate flow, one flow.
--
--  * resellers: one per buyer account; status applied -> approved | rejected, approved <-> suspended;
--    affiliate_id is set on approval (the holder of the earnings accounts);
--  * reseller_markups: per product, percent (basis points of the merchant's unit price) or fixed (minor units
--    per unit), never negative: the sub-store price is always the merchant's price plus the markup;
--  * reseller_orders: a sub-store order's reseller and markup, written with the order; its earning moves
--    pending -> available -> (reversed), reversed/unrecovered as affiliate_commissions (V400);
--  * reseller_tokens: API tokens of scope 'reseller', stored as a keyed hash (the token is shown once).
CREATE TABLE resellers (
    id               ${id_pk},
    buyer_account_id BIGINT       NOT NULL UNIQUE REFERENCES buyer_accounts (id),
    slug             VARCHAR(32)  NOT NULL UNIQUE,
    name             VARCHAR(80)  NOT NULL,
    announcement     VARCHAR(2000) NOT NULL DEFAULT '',
    theme            VARCHAR(64)  NOT NULL DEFAULT '',
    status           VARCHAR(16)  NOT NULL CHECK (status IN ('applied', 'approved', 'rejected', 'suspended')),
    affiliate_id     BIGINT REFERENCES affiliates (id),
    decided_by       VARCHAR(128),
    decided_at       BIGINT,
    created_at       BIGINT       NOT NULL
);

CREATE TABLE reseller_markups (
    reseller_id BIGINT      NOT NULL REFERENCES resellers (id),
    product_id  BIGINT      NOT NULL REFERENCES products (id),
    kind        VARCHAR(16) NOT NULL CHECK (kind IN ('percent', 'fixed')),
    amount      BIGINT      NOT NULL CHECK (amount >= 0),
    updated_at  BIGINT      NOT NULL,
    PRIMARY KEY (reseller_id, product_id)
);

CREATE TABLE reseller_orders (
    order_id     BIGINT      NOT NULL PRIMARY KEY REFERENCES orders (id),
    reseller_id  BIGINT      NOT NULL REFERENCES resellers (id),
    markup       BIGINT      NOT NULL CHECK (markup >= 0),
    currency     CHAR(3)     NOT NULL,
    status       VARCHAR(16) NOT NULL CHECK (status IN ('placed', 'pending', 'available', 'reversed')),
    reversed     BIGINT      NOT NULL DEFAULT 0 CHECK (reversed >= 0),
    unrecovered  BIGINT      NOT NULL DEFAULT 0 CHECK (unrecovered >= 0),
    available_at BIGINT,
    created_at   BIGINT      NOT NULL,
    CHECK (reversed <= markup AND unrecovered <= reversed)
);
CREATE INDEX reseller_orders_due ON reseller_orders (status, available_at);
CREATE INDEX reseller_orders_reseller ON reseller_orders (reseller_id, order_id);

CREATE TABLE reseller_tokens (
    id          ${id_pk},
    reseller_id BIGINT      NOT NULL REFERENCES resellers (id),
    token_hash  VARCHAR(64) NOT NULL UNIQUE,
    created_at  BIGINT      NOT NULL,
    revoked_at  BIGINT
);
