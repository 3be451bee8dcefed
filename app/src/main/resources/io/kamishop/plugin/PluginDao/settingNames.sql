SELECT name FROM plugin_settings WHERE plugin_id = :id ORDER BY name
