INSERT INTO cluster_nodes (id, version, host, started_at, last_seen, leads, pool_active, pool_open, pool_max, bus_lag_ms)
VALUES (:id, :version, :host, :startedAt, :lastSeen, :leads, :poolActive, :poolOpen, :poolMax, :busLagMillis)
ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, leads = excluded.leads, pool_active = excluded.pool_active,
    pool_open = excluded.pool_open, pool_max = excluded.pool_max, bus_lag_ms = excluded.bus_lag_ms
