DELETE FROM admin_setup
