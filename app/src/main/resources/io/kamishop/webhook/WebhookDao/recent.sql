SELECT * FROM webhook_deliveries WHERE (:status IS NULL OR status = :status) ORDER BY id DESC LIMIT :limit
