DELETE FROM admin_sessions WHERE id_hash = :id
