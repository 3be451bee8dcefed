-- The nodes of the store, each writing its own row on every heartbeat: what operators see under
-- GET /api/admin/nodes. Rows are advice for people, never consulted for correctness.
CREATE TABLE cluster_nodes (
    id          VARCHAR(100) PRIMARY KEY,
    version     VARCHAR(50)  NOT NULL,
    host        VARCHAR(255) NOT NULL,
    started_at  BIGINT       NOT NULL,
    last_seen   BIGINT       NOT NULL,
    leads       VARCHAR(500) NOT NULL DEFAULT '',
    pool_active INTEGER      NOT NULL DEFAULT 0,
    pool_open   INTEGER      NOT NULL DEFAULT 0,
    pool_max    INTEGER      NOT NULL DEFAULT 0,
    bus_lag_ms  BIGINT
);
