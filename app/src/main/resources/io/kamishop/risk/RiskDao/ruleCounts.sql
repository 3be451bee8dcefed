-- Counted in orders (or refused attempts), not rows: a rule asked at creation and again before
-- delivery still blocked one order.
SELECT rule_id, verdict, shadow, COUNT(DISTINCT COALESCE(order_no, 'attempt ' || id)) AS decisions
FROM risk_decisions
GROUP BY rule_id, verdict, shadow
