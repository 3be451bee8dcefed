-- One upsert: DELETE then INSERT (or UPDATE then INSERT) lets two nodes both insert and one fail on the key.
INSERT INTO settings (scope, name, value, secret, updated_at)
VALUES (:scope, :name, :value, :secret, :now)
ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value, secret = excluded.secret, updated_at = excluded.updated_at
