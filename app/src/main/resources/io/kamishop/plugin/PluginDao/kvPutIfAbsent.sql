INSERT INTO plugin_kv (plugin_id, name, value, updated_at) VALUES (:id, :name, :value, :now)
ON CONFLICT (plugin_id, name) DO NOTHING
