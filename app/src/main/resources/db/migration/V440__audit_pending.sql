-- Issue 29: the audit chain off the hot path. A business transaction no longer takes the chain's head
-- row (its lock, held until the commit is durable, made every order on every node commit one at a
-- time); it appends its entries here, numbered by the database, and a short linking step moves them
-- into the HMAC chain of audit_log in id order shortly after (at once, in the same transaction, on
-- SQLite, which has one writer anyway). A row here is committed history that is not yet chained:
-- verification reports it as pending, and the next linking pass picks it up after a crash.
CREATE TABLE audit_pending (
    id      ${id_pk},
    at      BIGINT       NOT NULL,
    actor   VARCHAR(200) NOT NULL,
    action  VARCHAR(100) NOT NULL,
    subject VARCHAR(200) NOT NULL,
    detail  TEXT         NOT NULL
);
