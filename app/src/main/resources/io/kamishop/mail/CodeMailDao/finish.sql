UPDATE mail_codes SET status = :status, sealed_code = NULL WHERE id = :id
