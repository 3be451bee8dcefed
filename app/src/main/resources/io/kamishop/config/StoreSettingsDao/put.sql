-- One upsert: an UPDATE-then-INSERT pair lets two nodes both insert and one fail.
INSERT INTO store_settings (name, value, updated_at)
VALUES (:name, :value, :now)
ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
