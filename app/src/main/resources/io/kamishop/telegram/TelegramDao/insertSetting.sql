INSERT INTO telegram_settings (name, value, secret, updated_at) VALUES (:name, :value, :secret, :now)
