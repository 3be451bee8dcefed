-- Gateway notifications the store refused (bad signature, amount mismatch, unknown order...), for the
-- admin's "failed notifications". Written in its own transaction after the refused one rolled back,
-- so a refusal still changes nothing else. No raw body or message: a body may hold secrets, and
-- anything here came from whoever sent it. Bounded: rows older than 30 days and all but the newest
-- 10,000 are pruned on each insert.
CREATE TABLE refused_notifications (
    id        ${id_pk},
    at        BIGINT      NOT NULL,
    channel   VARCHAR(64) NOT NULL,
    trade_no  VARCHAR(128),
    order_no  VARCHAR(64),
    reason    VARCHAR(64) NOT NULL,
    remote_ip VARCHAR(64) NOT NULL
);
CREATE INDEX refused_notifications_at ON refused_notifications (at);
