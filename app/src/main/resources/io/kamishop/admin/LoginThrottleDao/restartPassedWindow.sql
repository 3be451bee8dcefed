-- A window that has passed (and any lockout in it) starts over at this failure.
UPDATE admin_login_throttle SET failures = 0, window_start = :now
WHERE subject = :s AND window_start <= :windowEdge AND locked_until <= :now
