UPDATE admin_users SET totp_last_step = :step WHERE id = :id
