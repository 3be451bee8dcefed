UPDATE admin_sessions SET last_seen = :now, expires_at = :expires WHERE id_hash = :id
