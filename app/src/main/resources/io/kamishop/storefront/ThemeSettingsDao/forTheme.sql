SELECT name, value FROM theme_settings WHERE theme = :theme
