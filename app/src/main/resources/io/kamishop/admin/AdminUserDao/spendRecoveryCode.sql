UPDATE admin_recovery_codes SET used_at = :now
WHERE user_id = :id AND code_hash = :hash AND used_at IS NULL
