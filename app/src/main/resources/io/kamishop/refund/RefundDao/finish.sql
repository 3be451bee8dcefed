UPDATE refunds SET status = :status, gateway_id = :gatewayId, error = :error, updated_at = :now WHERE id = :id
