SELECT plugin_id, version, origin, sha256, content, signed_by, removed, installed_at
FROM plugin_files
WHERE removed = FALSE
ORDER BY plugin_id
