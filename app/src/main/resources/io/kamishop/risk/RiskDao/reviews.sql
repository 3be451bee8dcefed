SELECT * FROM risk_reviews
WHERE (:status IS NULL OR status = :status)
ORDER BY created_at DESC
LIMIT :limit
