-- Tamper-evident audit trail: every entry carries the keyed hash of the one before it, so changing,
-- removing or reordering any entry breaks every hash after it. The head row serialises appends
-- (a row lock on PostgreSQL; SQLite has one writer anyway).
CREATE TABLE audit_log (
    seq       BIGINT       PRIMARY KEY,
    at        BIGINT       NOT NULL,
    actor     VARCHAR(200) NOT NULL,
    action    VARCHAR(100) NOT NULL,
    subject   VARCHAR(200) NOT NULL,
    detail    TEXT         NOT NULL,
    prev_hash CHAR(64)     NOT NULL,
    hash      CHAR(64)     NOT NULL
);

CREATE TABLE audit_head (
    id   INTEGER  PRIMARY KEY CHECK (id = 1),
    seq  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
