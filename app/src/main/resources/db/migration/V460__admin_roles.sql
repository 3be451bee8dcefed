-- Staff roles (issue 26): what a signed-in admin may do, by the same areas as a token's scope.
-- 'owner', 'operator', 'support' or 'viewer'. Everyone who could sign in before could do everything,
-- so existing admins become owners.
ALTER TABLE admin_users ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'owner';
