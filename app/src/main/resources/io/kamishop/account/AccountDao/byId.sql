SELECT id, email_lower, created_at FROM buyer_accounts WHERE id = :id
