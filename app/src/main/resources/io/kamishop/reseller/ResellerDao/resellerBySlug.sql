SELECT r.id, r.buyer_account_id, a.email_lower AS email, r.slug, r.name, r.announcement, r.theme, r.status, r.affiliate_id,
       r.decided_by, r.decided_at, r.created_at, r.host, r.host_approved
FROM resellers r JOIN buyer_accounts a ON a.id = r.buyer_account_id
WHERE r.slug = :slug
