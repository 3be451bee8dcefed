SELECT COUNT(*) FROM buyer_sign_in_codes WHERE email_lower = :emailLower AND created_at >= :since
