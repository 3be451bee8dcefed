DELETE FROM cluster_nodes WHERE last_seen < :before
