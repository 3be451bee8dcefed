UPDATE affiliates SET clicks = clicks + 1 WHERE id = :id
