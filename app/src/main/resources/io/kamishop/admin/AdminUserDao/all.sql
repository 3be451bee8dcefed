SELECT id, username, totp_enabled, created_at, role FROM admin_users ORDER BY id
