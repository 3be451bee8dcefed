INSERT INTO plugin_settings (plugin_id, name, value, secret, updated_at)
SELECT plugin_id, name, value, secret, set_aside_at FROM plugin_settings_aside WHERE plugin_id = :id AND name = :name
ON CONFLICT (plugin_id, name) DO NOTHING
