-- Forward only: a refund leaves pending once, so its effect on the order happens once.
UPDATE refunds SET status = :status, gateway_id = :gatewayId, error_code = :errorCode, error = :error, updated_at = :now
WHERE id = :id AND status = 'pending'
