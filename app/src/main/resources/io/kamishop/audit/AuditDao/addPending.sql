INSERT INTO audit_pending (at, actor, action, subject, detail)
VALUES (:at, :actor, :action, :subject, :detail)
