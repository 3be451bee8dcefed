SELECT * FROM risk_reviews
WHERE (CAST(:status AS VARCHAR(20)) IS NULL OR status = CAST(:status AS VARCHAR(20)))
ORDER BY created_at DESC
LIMIT :limit
