package io.kamishop.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh schema in the machine's PostgreSQL (database {@code test}) for one test, dropped afterwards. */
public final class PostgresSchema implements AutoCloseable {

    private static final String BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private final String name;

    private PostgresSchema(String name) {
        this.name = name;
    }

    public static PostgresSchema create() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + name);
        return new PostgresSchema(name);
    }

    public String jdbcUrl() {
        return BASE + "&currentSchema=" + name;
    }

    @Override
    public void close() {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(BASE);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL on 127.0.0.1:5432 (db test, user postgres) is needed: " + e.getMessage(), e);
        }
    }
}
