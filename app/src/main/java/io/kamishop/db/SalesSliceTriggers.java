package io.kamishop.db;

/**
 * The triggers of migration V600 that keep {@code sales_slices} and {@code sales_slice_groups} (see
 * the migration), one text per dialect, as {@link KeyCountTriggers}.
 */
final class SalesSliceTriggers {

    // SQLite: row triggers, one stripe. An update fires only when a column the sums are keyed or
    // weighted by changed (the status, mostly), not on every touch of updated_at or gateway_ref.
    private static final String SQLITE_ADD = """
                INSERT INTO sales_slices (status, slice, currency, stripe, n, amount)
                VALUES (NEW.status, NEW.created_at / 900000, NEW.currency, 0, 1, NEW.amount)
                ON CONFLICT (status, slice, currency, stripe) DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
                INSERT INTO sales_slice_groups (status, slice, product_id, product_name, channel, currency, stripe, n, amount)
                VALUES (NEW.status, NEW.created_at / 900000, NEW.product_id, NEW.product_name, NEW.channel, NEW.currency, 0, 1, NEW.amount)
                ON CONFLICT (status, slice, product_id, product_name, channel, currency, stripe)
                DO UPDATE SET n = n + 1, amount = amount + excluded.amount;
            """;
    private static final String SQLITE_REMOVE = """
                INSERT INTO sales_slices (status, slice, currency, stripe, n, amount)
                VALUES (OLD.status, OLD.created_at / 900000, OLD.currency, 0, -1, -OLD.amount)
                ON CONFLICT (status, slice, currency, stripe) DO UPDATE SET n = n - 1, amount = amount + excluded.amount;
                INSERT INTO sales_slice_groups (status, slice, product_id, product_name, channel, currency, stripe, n, amount)
                VALUES (OLD.status, OLD.created_at / 900000, OLD.product_id, OLD.product_name, OLD.channel, OLD.currency, 0, -1, -OLD.amount)
                ON CONFLICT (status, slice, product_id, product_name, channel, currency, stripe)
                DO UPDATE SET n = n - 1, amount = amount + excluded.amount;
            """;

    static final String SQLITE = "CREATE TRIGGER sales_slices_on_insert AFTER INSERT ON orders FOR EACH ROW BEGIN\n"
            + SQLITE_ADD
            + "END;\n"
            + "CREATE TRIGGER sales_slices_on_delete AFTER DELETE ON orders FOR EACH ROW BEGIN\n"
            + SQLITE_REMOVE
            + "END;\n"
            + "CREATE TRIGGER sales_slices_on_update"
            + " AFTER UPDATE OF status, created_at, currency, amount, product_id, product_name, channel ON orders FOR EACH ROW\n"
            + "WHEN OLD.status <> NEW.status OR OLD.created_at <> NEW.created_at OR OLD.currency <> NEW.currency"
            + " OR OLD.amount <> NEW.amount OR OLD.product_id <> NEW.product_id"
            + " OR OLD.product_name <> NEW.product_name OR OLD.channel <> NEW.channel BEGIN\n"
            + SQLITE_REMOVE
            + SQLITE_ADD
            + "END;\n";

    // PostgreSQL: statement triggers over the transition tables, one upsert per group into the
    // connection's stripe, rows locked in key order (as V540). An update that moved nothing the sums
    // see (updated_at, gateway_ref) nets to zero and writes nothing.
    private static final String COLUMNS =
            "status, created_at / 900000 AS slice, product_id, product_name, channel, currency";

    private static String upserts(String moved) {
        return """
                    INSERT INTO sales_slices AS s (status, slice, currency, stripe, n, amount)
                    SELECT status, slice, currency, pg_backend_pid() %% 64, SUM(d), SUM(amount) FROM (%1$s) AS moved
                    GROUP BY status, slice, currency HAVING SUM(d) <> 0 OR SUM(amount) <> 0
                    ORDER BY status, slice, currency
                    ON CONFLICT (status, slice, currency, stripe) DO UPDATE SET n = s.n + EXCLUDED.n, amount = s.amount + EXCLUDED.amount;
                    INSERT INTO sales_slice_groups AS s (status, slice, product_id, product_name, channel, currency, stripe, n, amount)
                    SELECT status, slice, product_id, product_name, channel, currency, pg_backend_pid() %% 64, SUM(d), SUM(amount)
                    FROM (%1$s) AS moved
                    GROUP BY status, slice, product_id, product_name, channel, currency HAVING SUM(d) <> 0 OR SUM(amount) <> 0
                    ORDER BY status, slice, product_id, product_name, channel, currency
                    ON CONFLICT (status, slice, product_id, product_name, channel, currency, stripe)
                    DO UPDATE SET n = s.n + EXCLUDED.n, amount = s.amount + EXCLUDED.amount;
                """.formatted(moved);
    }

    static final String POSTGRESQL = "CREATE FUNCTION sales_slices_track() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            + "BEGIN\n"
            + "    IF TG_OP = 'INSERT' THEN\n"
            + upserts("SELECT " + COLUMNS + ", 1 AS d, amount FROM new_rows")
            + "    ELSIF TG_OP = 'DELETE' THEN\n"
            + upserts("SELECT " + COLUMNS + ", -1 AS d, -amount AS amount FROM old_rows")
            + "    ELSE\n"
            + upserts("SELECT " + COLUMNS + ", -1 AS d, -amount AS amount FROM old_rows UNION ALL SELECT " + COLUMNS
                    + ", 1 AS d, amount FROM new_rows")
            + "    END IF;\n"
            + "    RETURN NULL;\n"
            + "END\n"
            + "$$;\n"
            + """
            CREATE TRIGGER sales_slices_on_insert AFTER INSERT ON orders
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sales_slices_track();
            CREATE TRIGGER sales_slices_on_delete AFTER DELETE ON orders
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sales_slices_track();
            CREATE TRIGGER sales_slices_on_update AFTER UPDATE ON orders
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sales_slices_track();
            """;

    private SalesSliceTriggers() {}
}
