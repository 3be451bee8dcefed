SELECT COUNT(*) FROM admin_users
