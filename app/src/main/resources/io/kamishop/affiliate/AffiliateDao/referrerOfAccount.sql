SELECT affiliate_id FROM affiliate_referred_accounts WHERE buyer_account_id = :accountId AND expires_at > :now
