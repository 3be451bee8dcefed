SELECT rule_id, verdict, shadow, COUNT(*) AS decisions
FROM risk_decisions
GROUP BY rule_id, verdict, shadow
