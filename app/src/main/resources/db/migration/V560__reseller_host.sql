-- A sub-store's own host name (issue 24). The reseller asks for one (host_approved false); it serves only once
-- the merchant approves it (host_approved true, audited), and then only while the merchant lets the store answer
-- to that name (KAMISHOP_ALLOWED_HOSTS): a reseller alone can never take over a name the main store answers to.
-- Stored lower case, without port or trailing dot; one sub-store per name (NULLs, the sub-stores without one,
-- do not collide).
ALTER TABLE resellers ADD COLUMN host VARCHAR(253);
ALTER TABLE resellers ADD COLUMN host_approved BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX resellers_host ON resellers (host);
