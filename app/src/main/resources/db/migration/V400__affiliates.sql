-- Affiliates (issue 24): any buyer account can take a referral code; orders that arrive through it earn
-- commissions that are posted in the ledger (V300) and move pending -> available -> withdrawn.
--
--  * affiliates: one per buyer account that joined; parent_id is the affiliate who referred that account
--    when it joined (the level-2 earner);
--  * affiliate_referred_accounts: a buyer account that arrived through a link stays attributed to it until
--    expires_at (the merchant's window), so an order placed later from another device still counts;
--  * affiliate_orders: the attribution of one order, written when it is placed;
--  * affiliate_rules: commission rules per product, category or the whole store, per level;
--  * affiliate_commissions: one per order and level. reversed is what refunds took back; unrecovered is
--    the part of a reversal the affiliate's available balance could not cover (the store's loss, shown as
--    the affiliate's debt);
--  * affiliate_withdrawals: asked for by the affiliate, approved (paid by hand) or rejected by the merchant.
CREATE TABLE affiliates (
    id               ${id_pk},
    buyer_account_id BIGINT      NOT NULL UNIQUE REFERENCES buyer_accounts (id),
    code             VARCHAR(32) NOT NULL UNIQUE,
    parent_id        BIGINT REFERENCES affiliates (id),
    clicks           BIGINT      NOT NULL DEFAULT 0,
    created_at       BIGINT      NOT NULL
);

CREATE TABLE affiliate_referred_accounts (
    buyer_account_id BIGINT NOT NULL PRIMARY KEY REFERENCES buyer_accounts (id),
    affiliate_id     BIGINT NOT NULL REFERENCES affiliates (id),
    expires_at       BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);

CREATE TABLE affiliate_orders (
    order_id     BIGINT NOT NULL PRIMARY KEY REFERENCES orders (id),
    affiliate_id BIGINT NOT NULL REFERENCES affiliates (id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX affiliate_orders_affiliate ON affiliate_orders (affiliate_id, order_id);

CREATE TABLE affiliate_rules (
    id         ${id_pk},
    scope      VARCHAR(16)  NOT NULL CHECK (scope IN ('store', 'category', 'product')),
    target     VARCHAR(100) NOT NULL DEFAULT '',
    level      SMALLINT     NOT NULL CHECK (level IN (1, 2)),
    kind       VARCHAR(16)  NOT NULL CHECK (kind IN ('percent', 'fixed')),
    -- percent: basis points of the order's amount without the channel fee (1000 = 10%); fixed: minor units.
    amount     BIGINT       NOT NULL CHECK (amount > 0),
    created_at BIGINT       NOT NULL,
    UNIQUE (scope, target, level)
);

CREATE TABLE affiliate_commissions (
    id           ${id_pk},
    order_id     BIGINT      NOT NULL REFERENCES orders (id),
    affiliate_id BIGINT      NOT NULL REFERENCES affiliates (id),
    level        SMALLINT    NOT NULL CHECK (level IN (1, 2)),
    amount       BIGINT      NOT NULL CHECK (amount > 0),
    currency     CHAR(3)     NOT NULL,
    status       VARCHAR(16) NOT NULL CHECK (status IN ('pending', 'available', 'reversed')),
    reversed     BIGINT      NOT NULL DEFAULT 0 CHECK (reversed >= 0),
    unrecovered  BIGINT      NOT NULL DEFAULT 0 CHECK (unrecovered >= 0),
    available_at BIGINT      NOT NULL,
    created_at   BIGINT      NOT NULL,
    UNIQUE (order_id, level),
    CHECK (reversed <= amount AND unrecovered <= reversed)
);
CREATE INDEX affiliate_commissions_due ON affiliate_commissions (status, available_at);
CREATE INDEX affiliate_commissions_affiliate ON affiliate_commissions (affiliate_id, id);

CREATE TABLE affiliate_withdrawals (
    id           ${id_pk},
    affiliate_id BIGINT       NOT NULL REFERENCES affiliates (id),
    amount       BIGINT       NOT NULL CHECK (amount > 0),
    currency     CHAR(3)      NOT NULL,
    status       VARCHAR(16)  NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
    note         VARCHAR(200) NOT NULL DEFAULT '',
    decided_by   VARCHAR(128),
    decided_at   BIGINT,
    created_at   BIGINT       NOT NULL
);
CREATE INDEX affiliate_withdrawals_status ON affiliate_withdrawals (status, id);
CREATE INDEX affiliate_withdrawals_affiliate ON affiliate_withdrawals (affiliate_id, id);
