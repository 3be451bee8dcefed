INSERT INTO admin_login_throttle (subject, failures, window_start, locked_until) VALUES (:s, 0, :now, 0)
ON CONFLICT (subject) DO NOTHING
