SELECT wrapped FROM key_ring WHERE id = 1
