SELECT totp_sealed FROM admin_users WHERE id = :id AND totp_enabled = FALSE
