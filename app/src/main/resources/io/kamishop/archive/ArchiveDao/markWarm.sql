UPDATE archived_orders SET tier = 'warm', document = :document, segment = NULL WHERE id = :id AND tier = 'cold'
