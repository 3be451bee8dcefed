UPDATE resellers SET name = :name, announcement = :announcement, theme = :theme WHERE id = :id
