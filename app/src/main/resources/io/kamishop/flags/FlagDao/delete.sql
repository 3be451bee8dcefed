DELETE FROM feature_flags WHERE flag_key = :key
