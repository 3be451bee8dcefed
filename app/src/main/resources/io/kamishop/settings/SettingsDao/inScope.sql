SELECT name, value, secret FROM settings WHERE scope = :scope
