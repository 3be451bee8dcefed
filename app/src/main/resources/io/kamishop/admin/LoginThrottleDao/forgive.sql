DELETE FROM admin_login_throttle WHERE subject = :s AND locked_until <= :now
