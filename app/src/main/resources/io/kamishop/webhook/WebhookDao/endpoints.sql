SELECT * FROM webhook_endpoints WHERE active = TRUE ORDER BY id
