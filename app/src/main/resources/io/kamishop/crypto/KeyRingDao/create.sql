-- ON CONFLICT: another node may have created it first.
INSERT INTO key_ring (id, wrapped, created_at) VALUES (1, :wrapped, :now)
ON CONFLICT (id) DO NOTHING
