UPDATE admin_users SET totp_sealed = NULL, totp_enabled = FALSE, updated_at = :now WHERE id = :id
