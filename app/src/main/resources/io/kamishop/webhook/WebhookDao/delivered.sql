UPDATE webhook_deliveries SET status = 'delivered', delivered_at = :now, last_status = :httpStatus, last_error = NULL WHERE id = :id
