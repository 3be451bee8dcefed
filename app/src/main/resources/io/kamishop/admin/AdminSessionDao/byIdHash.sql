SELECT user_id, stage, created_at, last_seen, expires_at FROM admin_sessions WHERE id_hash = :id
