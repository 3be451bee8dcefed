-- One reseller per account and per slug: a second application (or a taken slug) inserts nothing.
INSERT INTO resellers (buyer_account_id, slug, name, status, created_at)
VALUES (:accountId, :slug, :name, 'applied', :now)
ON CONFLICT DO NOTHING
