-- One outbox (issue 27): sign-in code mails become the outbox's 'mail-code' topic (io.kamishop.mail.CodeMails)
-- instead of a queue of their own (V301). A code still waiting for its mail goes over as it is: the same sealed
-- code (sealed for its recipient, so it opens as before), recipient, expiry, attempts and next attempt; one
-- past its expiry is ended unsent by the handler. Ended rows carry nothing worth keeping (their sealed codes
-- are gone) and go with the table. The dedupe key only has to be unique: new rows take a random one.
INSERT INTO outbox (topic, dedupe_key, order_id, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at)
SELECT 'mail-code', 'mail_codes ' || CAST(id AS VARCHAR(20)), NULL,
       CAST(${json_object}('recipient', recipient, 'sealedCode', sealed_code, 'expiresAt', expires_at) AS TEXT),
       'pending', attempts, next_attempt_at, NULL, created_at, NULL
FROM mail_codes WHERE status = 'pending' AND sealed_code IS NOT NULL ORDER BY id;

DROP TABLE mail_codes;
