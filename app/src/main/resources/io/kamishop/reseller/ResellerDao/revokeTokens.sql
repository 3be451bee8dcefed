UPDATE reseller_tokens SET revoked_at = :now WHERE reseller_id = :resellerId AND revoked_at IS NULL
