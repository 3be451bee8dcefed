-- Envelope encryption: the random root of every data key, sealed under the master key. Rotating
-- the master key re-seals this one row; the stock stays as it is and stays readable throughout.
CREATE TABLE key_ring (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    wrapped    TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    rotated_at BIGINT
);
