INSERT INTO admin_tokens (name, token_hash, created_at) VALUES (:name, :hash, :now)
ON CONFLICT (token_hash) DO NOTHING
