-- Issue 29 (big store): the dashboard and the sales reports read kept sums, not orders. The dashboard's
-- month, today and 30-day chart summed every paid order of the range (~8,000 rows in three range scans
-- on a store with 100,000 orders a year): 8.2x slower at p99 than on an empty store (bench --scale=100000).
--
-- Two tables of sums per UTC quarter hour of the order's creation (slice = created_at / 900000), per
-- order status, kept by triggers on orders in the very transaction that inserts, moves or deletes an
-- order (as key_counts, V540), so they commit or roll back with the orders and no code path can forget
-- them:
--  * sales_slices: per status, slice and currency (the dashboard's totals and chart, the per-day report);
--  * sales_slice_groups: the same, also per product (and the name the order carries) and channel (the
--    per-product and per-channel reports).
-- Quarter hours in UTC, not days: the store's time zone is a setting the merchant may change, and every
-- zone's offset from UTC is a whole number of quarter hours, so a day in whichever zone is set is a sum
-- of whole slices. Every status is kept (placed, paid, delivered, expired, refunded, ...), so a report
-- may ask for any of them (placed -> paid conversion, say). A read costs at most one row per slice and
-- group of the range, however many orders there were. Stripes as in V540: each PostgreSQL connection
-- adds into its own (backend pid modulo 64), so orders placed in the same quarter hour do not queue on
-- one row until commit; SQLite has one writer and one stripe. A row may hold n = 0 (or, on PostgreSQL,
-- a negative stripe): readers sum the stripes and leave out groups whose sum is zero.
CREATE TABLE sales_slices (
    status   VARCHAR(20) NOT NULL,
    slice    BIGINT      NOT NULL,
    currency CHAR(3)     NOT NULL,
    stripe   INTEGER     NOT NULL,
    n        BIGINT      NOT NULL,
    amount   BIGINT      NOT NULL,
    PRIMARY KEY (status, slice, currency, stripe)
);

CREATE TABLE sales_slice_groups (
    status       VARCHAR(20)  NOT NULL,
    slice        BIGINT       NOT NULL,
    product_id   BIGINT       NOT NULL,
    product_name VARCHAR(200) NOT NULL,
    channel      VARCHAR(64)  NOT NULL,
    currency     CHAR(3)      NOT NULL,
    stripe       INTEGER      NOT NULL,
    n            BIGINT       NOT NULL,
    amount       BIGINT       NOT NULL,
    PRIMARY KEY (status, slice, product_id, product_name, channel, currency, stripe)
);

INSERT INTO sales_slices (status, slice, currency, stripe, n, amount)
SELECT status, created_at / 900000, currency, 0, COUNT(*), SUM(amount) FROM orders
GROUP BY status, created_at / 900000, currency;

INSERT INTO sales_slice_groups (status, slice, product_id, product_name, channel, currency, stripe, n, amount)
SELECT status, created_at / 900000, product_id, product_name, channel, currency, 0, COUNT(*), SUM(amount) FROM orders
GROUP BY status, created_at / 900000, product_id, product_name, channel, currency;

${sales_slices_triggers}
