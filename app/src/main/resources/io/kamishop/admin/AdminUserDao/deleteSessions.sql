DELETE FROM admin_sessions WHERE user_id = :id
