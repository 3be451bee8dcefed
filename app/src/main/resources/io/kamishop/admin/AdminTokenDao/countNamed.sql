SELECT COUNT(*) FROM admin_tokens WHERE name = :name
