-- Issue 29 (big store): the stock of a product is kept, not counted. The stock API, the admin's
-- product page, the dashboard's low-stock list and the catalogue counted card_keys on every view
-- (GROUP BY status over all of a product's keys, sold ones included): 13.9x slower at p99 with a
-- million keys than with a few thousand (bench --scale=100000).
--
-- key_counts holds, per product and key status, the number of card_keys rows in that status, as a
-- sum over a few "stripe" rows. Triggers on card_keys keep it in the very transaction that inserts,
-- deletes or moves a key, so the counters commit or roll back with the keys themselves: they cannot
-- drift under races or crashes, and no code path can forget them. Where writers run in parallel
-- (PostgreSQL) each connection adds into its own stripe (its backend pid modulo 64), so two orders of
-- one product do not queue on one counter row until commit (as they did on the audit chain's head,
-- see V440); on SQLite, one writer at a time, stripe 0 is the only one. A reader sums the stripes.
CREATE TABLE key_counts (
    product_id BIGINT      NOT NULL,
    status     VARCHAR(16) NOT NULL,
    stripe     INTEGER     NOT NULL,
    n          BIGINT      NOT NULL,
    PRIMARY KEY (product_id, status, stripe)
);

INSERT INTO key_counts (product_id, status, stripe, n)
SELECT product_id, status, 0, COUNT(*) FROM card_keys GROUP BY product_id, status;

${key_counts_triggers}
