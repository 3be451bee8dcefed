SELECT * FROM audit_log WHERE seq < :before ORDER BY seq DESC LIMIT :limit
