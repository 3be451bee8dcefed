DELETE FROM admin_recovery_codes WHERE user_id = :id
