DELETE FROM buyer_sessions WHERE token_hash = :tokenHash
