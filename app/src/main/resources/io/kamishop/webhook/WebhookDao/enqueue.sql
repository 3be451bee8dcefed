INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
VALUES (:endpointId, :eventId, :eventType, :payload, 'pending', 0, :now, :now)
