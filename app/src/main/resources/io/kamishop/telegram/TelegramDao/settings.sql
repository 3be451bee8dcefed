SELECT name, value, secret FROM telegram_settings
