UPDATE orders SET status = :to, updated_at = :now WHERE id = :id AND status = :from
