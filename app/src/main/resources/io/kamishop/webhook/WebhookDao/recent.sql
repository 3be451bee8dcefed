SELECT * FROM webhook_deliveries WHERE (CAST(:status AS VARCHAR(20)) IS NULL OR status = CAST(:status AS VARCHAR(20))) ORDER BY id DESC LIMIT :limit
