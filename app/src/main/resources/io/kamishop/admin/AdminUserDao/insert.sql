INSERT INTO admin_users (username, password_hash, totp_enabled, totp_last_step, created_at, updated_at, role)
VALUES (:name, :hash, FALSE, 0, :now, :now, :role) RETURNING id
