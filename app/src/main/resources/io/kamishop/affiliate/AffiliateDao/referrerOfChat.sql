SELECT affiliate_id FROM affiliate_referred_chats WHERE telegram_user_id = :userId AND expires_at > :now
