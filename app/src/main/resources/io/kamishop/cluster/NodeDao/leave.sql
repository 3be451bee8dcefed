DELETE FROM cluster_nodes WHERE id = :id
