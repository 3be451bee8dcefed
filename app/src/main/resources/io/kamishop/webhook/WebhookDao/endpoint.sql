SELECT * FROM webhook_endpoints WHERE id = :id
