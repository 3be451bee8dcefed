DELETE FROM image_uses WHERE owner = :owner
