SELECT reseller_id FROM reseller_tokens WHERE token_hash = :tokenHash AND revoked_at IS NULL
