SELECT code_hash FROM admin_setup WHERE id = 1
