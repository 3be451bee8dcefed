INSERT INTO admin_setup (id, code_hash, created_at) VALUES (1, :hash, :now)
ON CONFLICT (id) DO UPDATE SET code_hash = excluded.code_hash, created_at = excluded.created_at
