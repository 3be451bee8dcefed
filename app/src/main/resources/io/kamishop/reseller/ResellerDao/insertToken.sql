INSERT INTO reseller_tokens (reseller_id, token_hash, created_at) VALUES (:resellerId, :tokenHash, :now)
