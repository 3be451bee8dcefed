SELECT plugin_id, version, origin, sha256, content, signed_by, removed, installed_at
FROM plugin_files
WHERE plugin_id = :id
