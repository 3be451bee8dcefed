-- Images (issue 25): product pictures, the store logo and its favicon. Kept in the database rather
-- than the data dir so every node of a PostgreSQL store serves them and a backup carries them.

-- One encoded size of an uploaded image. hash is the SHA-256 (hex, first 32 characters) of the
-- uploaded bytes, so /images/{hash}-{width}.{format} names the same bytes for ever (served immutable).
CREATE TABLE image_variants (
    hash       CHAR(32)   NOT NULL,
    width      INTEGER    NOT NULL,
    format     VARCHAR(8) NOT NULL,
    height     INTEGER    NOT NULL,
    bytes      ${blob}    NOT NULL,
    created_at BIGINT     NOT NULL,
    PRIMARY KEY (hash, width, format)
);

-- Which image an owner shows: 'product:<id>', 'store:logo' or 'store:favicon'. widths lists the
-- stored widths, smallest first, comma-separated; width and height are the largest one's, for the
-- page's width/height attributes (the aspect ratio reserves the space before the image arrives).
CREATE TABLE image_uses (
    owner      VARCHAR(40)  PRIMARY KEY,
    hash       CHAR(32)     NOT NULL,
    format     VARCHAR(8)   NOT NULL,
    widths     VARCHAR(100) NOT NULL,
    width      INTEGER      NOT NULL,
    height     INTEGER      NOT NULL,
    updated_at BIGINT       NOT NULL
);
CREATE INDEX image_uses_hash ON image_uses (hash);
