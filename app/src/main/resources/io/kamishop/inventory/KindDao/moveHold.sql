UPDATE unit_holds SET status = :to, updated_at = :now WHERE order_id = :orderId AND status = :from
