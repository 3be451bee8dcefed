SELECT * FROM archived_orders WHERE id = :id
