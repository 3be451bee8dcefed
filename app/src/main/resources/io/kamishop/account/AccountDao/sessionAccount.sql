SELECT a.id, a.email_lower, a.created_at FROM buyer_sessions s JOIN buyer_accounts a ON a.id = s.account_id
WHERE s.token_hash = :tokenHash AND s.expires_at > :now
