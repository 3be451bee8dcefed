SELECT id, username, totp_enabled, created_at FROM admin_users ORDER BY id
