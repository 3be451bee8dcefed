INSERT INTO admin_recovery_codes (user_id, code_hash) VALUES (:id, :hash)
