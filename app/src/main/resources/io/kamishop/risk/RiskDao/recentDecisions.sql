SELECT * FROM risk_decisions
ORDER BY at DESC, id DESC
LIMIT :limit
