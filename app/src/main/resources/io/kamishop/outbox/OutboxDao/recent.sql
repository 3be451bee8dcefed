SELECT * FROM outbox WHERE topic = :topic AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = CAST(:status AS VARCHAR(16)))
ORDER BY id DESC LIMIT :limit
