INSERT INTO webhook_endpoints (url, sealed_secret, events, active, created_at)
VALUES (:url, :sealedSecret, :events, TRUE, :now)
