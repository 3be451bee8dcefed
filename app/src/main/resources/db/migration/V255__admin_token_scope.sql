-- What an admin API token may do (read-only, catalogue, orders, full). Tokens made before scopes
-- existed could do everything, and scripts rely on that, so they stay full.
ALTER TABLE admin_tokens ADD COLUMN scope VARCHAR(20) NOT NULL DEFAULT 'full';
