DELETE FROM plugin_settings WHERE plugin_id = :id AND name = :name
