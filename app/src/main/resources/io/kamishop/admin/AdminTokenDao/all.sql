SELECT id, name, created_at, revoked_at, scope FROM admin_tokens ORDER BY id
