DELETE FROM admin_sessions WHERE user_id = :user AND id_hash <> :keep
