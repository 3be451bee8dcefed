-- :v twice, as a real statement may name a parameter more than once
INSERT INTO facts (k, v, note) VALUES (:k, :v, :note)
ON CONFLICT (k) DO UPDATE SET v = facts.v + :v
