UPDATE admin_users SET totp_sealed = :sealed, updated_at = :now
WHERE id = :id AND totp_enabled = FALSE
