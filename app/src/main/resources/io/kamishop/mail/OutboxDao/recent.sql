SELECT * FROM mail_outbox WHERE (:status IS NULL OR status = :status) ORDER BY id DESC LIMIT :limit
