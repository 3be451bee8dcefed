SELECT plugin_id, version, origin, sha256, removed
FROM plugin_files
