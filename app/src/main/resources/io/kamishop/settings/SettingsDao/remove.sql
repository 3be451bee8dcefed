DELETE FROM settings WHERE scope = :scope AND name = :name
