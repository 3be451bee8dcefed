-- By id, never by range: on PostgreSQL a smaller id can commit after a larger one was linked.
DELETE FROM audit_pending WHERE id = :id
