UPDATE risk_reviews SET status = :status, decided_at = :now, decided_by = :by
WHERE order_id = :orderId AND status = 'open'
