DELETE FROM theme_settings WHERE theme = :theme AND name = :name
