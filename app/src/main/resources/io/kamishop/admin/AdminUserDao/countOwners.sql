SELECT COUNT(*) FROM admin_users WHERE role = 'owner'
