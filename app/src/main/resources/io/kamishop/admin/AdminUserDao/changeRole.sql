UPDATE admin_users SET role = :role, updated_at = :now WHERE id = :id
