DELETE FROM admin_users WHERE id = :id
