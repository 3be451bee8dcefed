INSERT INTO spent_challenges (id, expires_at) VALUES (:id, :expiresAt) ON CONFLICT (id) DO NOTHING
