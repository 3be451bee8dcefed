SELECT COUNT(*) FROM audit_pending
