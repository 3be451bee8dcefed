SELECT value FROM store_settings WHERE name = :name
