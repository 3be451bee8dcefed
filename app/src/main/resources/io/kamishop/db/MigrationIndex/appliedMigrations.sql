SELECT version, script, checksum, type, success
FROM flyway_schema_history
