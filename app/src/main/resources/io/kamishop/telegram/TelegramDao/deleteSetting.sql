DELETE FROM telegram_settings WHERE name = :name
