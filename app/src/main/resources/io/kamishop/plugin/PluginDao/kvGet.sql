SELECT value FROM plugin_kv WHERE plugin_id = :id AND name = :name
