INSERT INTO risk_decisions (rule_id, stage, order_no, ip, verdict, score, reasons, shadow, at)
VALUES (:ruleId, :stage, :orderNo, :ip, :verdict, :score, :reasons, :shadow, :at)
