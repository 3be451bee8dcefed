DELETE FROM spent_challenges WHERE expires_at < :now
