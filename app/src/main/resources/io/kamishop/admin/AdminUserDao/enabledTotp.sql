SELECT totp_sealed, totp_last_step FROM admin_users WHERE id = :id AND totp_enabled = TRUE
