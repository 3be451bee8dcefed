UPDATE admin_users SET totp_enabled = TRUE, totp_last_step = :step, updated_at = :now WHERE id = :id
