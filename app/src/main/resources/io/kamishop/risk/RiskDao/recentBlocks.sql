SELECT * FROM risk_decisions
WHERE verdict = 'block' AND shadow = FALSE
ORDER BY at DESC, id DESC
LIMIT :limit
