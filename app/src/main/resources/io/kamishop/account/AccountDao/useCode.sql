UPDATE buyer_sign_in_codes SET used_at = :now WHERE id = :id AND used_at IS NULL
