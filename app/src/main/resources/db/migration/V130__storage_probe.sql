-- Always empty: while the database refuses writes, the health check inserts a page-sized row here
-- and rolls it back, to notice by itself when the disk has room again (see Database.storageDegraded).
CREATE TABLE storage_probe (
    id ${id_pk},
    filler ${blob} NOT NULL
);
