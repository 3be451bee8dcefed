SELECT name, value, secret FROM plugin_settings WHERE plugin_id = :id
