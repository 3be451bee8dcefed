DELETE FROM mail_settings WHERE name = :name
