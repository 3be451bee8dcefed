SELECT COUNT(*) FROM admin_recovery_codes WHERE user_id = :id AND used_at IS NULL
