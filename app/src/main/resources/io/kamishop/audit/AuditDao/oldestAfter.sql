SELECT * FROM audit_log WHERE seq > :after ORDER BY seq LIMIT :limit
