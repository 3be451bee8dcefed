SELECT id, name, scope FROM admin_tokens WHERE token_hash = :hash AND revoked_at IS NULL
