-- Only ever forward: a slow node writing an older offset must not make handled updates come back.
INSERT INTO telegram_poll_state (id, next_update_id) VALUES (1, :next)
ON CONFLICT (id) DO UPDATE SET next_update_id = excluded.next_update_id
WHERE telegram_poll_state.next_update_id < excluded.next_update_id
