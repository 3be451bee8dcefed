package io.kamishop.db;

/**
 * The triggers of migration V540 that keep {@code key_counts} (see the migration), one text per
 * dialect because trigger syntax is where SQLite and PostgreSQL differ most.
 */
final class KeyCountTriggers {

    // V540: key_counts kept by the database in the transaction that moves a key. SQLite has row
    // triggers only, and one writer: one stripe. PostgreSQL adds per statement (a sale or an import
    // of 1,000 keys is one upsert per product and status), into the connection's own stripe, so
    // parallel transactions do not wait on one counter row. A statement locks its rows in (product,
    // status) order; should two transactions that share a stripe still deadlock across statements,
    // PostgreSQL aborts one and Database.write runs it again.
    static final String SQLITE = """
            CREATE TRIGGER key_counts_on_insert AFTER INSERT ON card_keys FOR EACH ROW BEGIN
                INSERT INTO key_counts (product_id, status, stripe, n) VALUES (NEW.product_id, NEW.status, 0, 1)
                ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = n + 1;
            END;
            CREATE TRIGGER key_counts_on_delete AFTER DELETE ON card_keys FOR EACH ROW BEGIN
                INSERT INTO key_counts (product_id, status, stripe, n) VALUES (OLD.product_id, OLD.status, 0, -1)
                ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = n - 1;
            END;
            CREATE TRIGGER key_counts_on_update AFTER UPDATE OF status, product_id ON card_keys FOR EACH ROW
            WHEN OLD.status <> NEW.status OR OLD.product_id <> NEW.product_id BEGIN
                INSERT INTO key_counts (product_id, status, stripe, n) VALUES (OLD.product_id, OLD.status, 0, -1)
                ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = n - 1;
                INSERT INTO key_counts (product_id, status, stripe, n) VALUES (NEW.product_id, NEW.status, 0, 1)
                ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = n + 1;
            END;
            """;
    static final String POSTGRESQL = """
            CREATE FUNCTION key_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO key_counts AS k (product_id, status, stripe, n)
                    SELECT product_id, status, pg_backend_pid() % 64, COUNT(*) FROM new_rows
                    GROUP BY product_id, status ORDER BY product_id, status
                    ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = k.n + EXCLUDED.n;
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO key_counts AS k (product_id, status, stripe, n)
                    SELECT product_id, status, pg_backend_pid() % 64, -COUNT(*) FROM old_rows
                    GROUP BY product_id, status ORDER BY product_id, status
                    ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = k.n + EXCLUDED.n;
                ELSE
                    INSERT INTO key_counts AS k (product_id, status, stripe, n)
                    SELECT product_id, status, pg_backend_pid() % 64, SUM(d) FROM (
                        SELECT product_id, status, -1 AS d FROM old_rows
                        UNION ALL
                        SELECT product_id, status, 1 AS d FROM new_rows) AS moved
                    GROUP BY product_id, status HAVING SUM(d) <> 0 ORDER BY product_id, status
                    ON CONFLICT (product_id, status, stripe) DO UPDATE SET n = k.n + EXCLUDED.n;
                END IF;
                RETURN NULL;
            END
            $$;
            CREATE TRIGGER key_counts_on_insert AFTER INSERT ON card_keys
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION key_counts_track();
            CREATE TRIGGER key_counts_on_delete AFTER DELETE ON card_keys
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION key_counts_track();
            CREATE TRIGGER key_counts_on_update AFTER UPDATE ON card_keys
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION key_counts_track();
            """;

    private KeyCountTriggers() {}
}
