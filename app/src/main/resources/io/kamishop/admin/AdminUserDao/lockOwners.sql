-- Takes the owners' row locks (PostgreSQL) so two demotions racing each other count the owners one after the
-- other: a plain count under READ COMMITTED would let both see two owners and leave none.
UPDATE admin_users SET updated_at = updated_at WHERE role = 'owner'
