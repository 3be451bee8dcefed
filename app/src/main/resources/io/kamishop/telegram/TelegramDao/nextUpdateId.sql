SELECT next_update_id FROM telegram_poll_state WHERE id = 1
