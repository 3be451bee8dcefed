UPDATE admin_users SET password_hash = :hash, updated_at = :now WHERE id = :id
