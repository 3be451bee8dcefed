SELECT id, at, actor, action, subject, detail FROM audit_pending ORDER BY id LIMIT :limit
