UPDATE key_ring SET wrapped = :wrapped, rotated_at = :now WHERE id = 1
