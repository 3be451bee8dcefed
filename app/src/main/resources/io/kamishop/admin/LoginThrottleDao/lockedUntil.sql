SELECT locked_until FROM admin_login_throttle WHERE subject = :s
