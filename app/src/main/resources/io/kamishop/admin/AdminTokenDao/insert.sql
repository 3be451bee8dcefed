INSERT INTO admin_tokens (name, token_hash, created_at, scope) VALUES (:name, :hash, :now, :scope)
