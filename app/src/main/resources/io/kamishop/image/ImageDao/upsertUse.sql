INSERT INTO image_uses (owner, hash, format, widths, width, height, updated_at)
VALUES (:owner, :hash, :format, :widths, :width, :height, :now)
ON CONFLICT (owner) DO UPDATE SET hash = excluded.hash, format = excluded.format, widths = excluded.widths,
    width = excluded.width, height = excluded.height, updated_at = excluded.updated_at
