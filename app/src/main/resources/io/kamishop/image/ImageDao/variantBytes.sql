SELECT bytes FROM image_variants WHERE hash = :hash AND width = :width AND format = :format
