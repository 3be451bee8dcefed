SELECT password_hash FROM admin_users WHERE username = :name
