-- Card-key fingerprints as their 32 bytes instead of 64 hex characters. The UNIQUE (product_id,
-- fingerprint) index takes every imported key at a random place; with entries half the size it has
-- half the pages to read, write to the WAL and checkpoint (the key import is bound by them).
-- The bytes are the same HMAC: the hex text decoded, so stored keys still dedupe against new ones.
-- SQLite: the values are rewritten in the CHAR column (see Dialect); PostgreSQL: the column becomes BYTEA.
${card_key_fingerprints_to_bytes};
