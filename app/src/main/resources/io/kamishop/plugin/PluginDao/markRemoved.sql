UPDATE plugin_files SET removed = TRUE, content = NULL, installed_at = :now WHERE plugin_id = :id
