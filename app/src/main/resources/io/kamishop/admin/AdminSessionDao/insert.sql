INSERT INTO admin_sessions (id_hash, user_id, stage, ip, created_at, last_seen, expires_at)
VALUES (:id, :user, :stage, :ip, :now, :now, :expires)
