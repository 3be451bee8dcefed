SELECT name, value, secret FROM mail_settings
