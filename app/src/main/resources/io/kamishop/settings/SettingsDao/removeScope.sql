DELETE FROM settings WHERE scope = :scope
