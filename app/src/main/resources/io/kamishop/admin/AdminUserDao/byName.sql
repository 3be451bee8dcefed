SELECT id, username, totp_enabled, created_at FROM admin_users WHERE username = :name
