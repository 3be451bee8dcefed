SELECT * FROM audit_log WHERE seq > :after AND seq <= :upTo ORDER BY seq LIMIT :limit
