INSERT INTO settings (scope, name, value, secret, updated_at)
VALUES (:scope, :name, :value, :secret, :now)
ON CONFLICT (scope, name) DO NOTHING
