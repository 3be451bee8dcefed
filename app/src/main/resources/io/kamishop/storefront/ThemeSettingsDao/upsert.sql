INSERT INTO theme_settings (theme, name, value, updated_at) VALUES (:theme, :name, :value, :now)
ON CONFLICT (theme, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
