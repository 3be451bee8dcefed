UPDATE resellers SET host = :host, host_approved = :approved
WHERE id = :id AND NOT EXISTS (SELECT 1 FROM resellers o WHERE o.host = :host AND o.id <> :id)
