-- Takes :count ids from the card-key id sequence: taken ids are never handed out again, whatever other
-- transactions and nodes insert meanwhile (they may interleave, so the caller sorts them).
SELECT nextval(pg_get_serial_sequence('card_keys', 'id')) FROM generate_series(1, :count)
