UPDATE admin_login_throttle SET failures = failures + 1,
    locked_until = CASE WHEN failures + 1 >= :max THEN :lockedUntil ELSE locked_until END WHERE subject = :s
