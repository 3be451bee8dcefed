INSERT INTO buyer_accounts (email_lower, created_at) VALUES (:emailLower, :now)
ON CONFLICT (email_lower) DO NOTHING
