SELECT id, version, host, started_at, last_seen, leads, pool_active, pool_open, pool_max, bus_lag_ms
FROM cluster_nodes ORDER BY started_at, id
