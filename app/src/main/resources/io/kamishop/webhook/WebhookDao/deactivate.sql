UPDATE webhook_endpoints SET active = FALSE WHERE id = :id AND active = TRUE
