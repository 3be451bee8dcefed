INSERT INTO settings (scope, name, value, secret, updated_at)
SELECT :scope, name, value, secret, set_aside_at FROM plugin_settings_aside WHERE plugin_id = :id AND name = :name
ON CONFLICT (scope, name) DO NOTHING
