INSERT INTO plugin_settings (plugin_id, name, value, secret, updated_at)
VALUES (:id, :name, :value, :secret, :now) ON CONFLICT (plugin_id, name) DO NOTHING
