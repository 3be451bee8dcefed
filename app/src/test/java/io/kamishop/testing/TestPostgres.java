package io.kamishop.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty schema on the real PostgreSQL for one test, dropped again by {@link #close()}:
 * tests never see each other's rows and can run in parallel and again.
 *
 * <p>The server is {@code KAMISHOP_TEST_PG_URL}, by default the developer machine's
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. When it does not answer, the test is
 * skipped with the reason, except on CI ({@code CI=true}), where a missing database is a failure:
 * a green build must not hide PostgreSQL tests that never ran.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String SERVER_URL =
            System.getenv().getOrDefault("KAMISHOP_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private final String schema;

    private TestPostgres(String schema) {
        this.schema = schema;
    }

    /** A new schema; skips the calling test (fails it on CI) when PostgreSQL does not answer. */
    public static TestPostgres freshSchema() {
        String schema = "kt_" + HexFormat.of().formatHex(random(6));
        try (Connection c = connect(SERVER_URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            String reason = "PostgreSQL at " + SERVER_URL + " does not answer (" + e.getMessage()
                    + "); start it or set KAMISHOP_TEST_PG_URL";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + reason, e);
            }
            Assumptions.abort(reason);
        }
        return new TestPostgres(schema);
    }

    /** The JDBC URL of this schema, as a node gets it in {@code KAMISHOP_DB_URL}. */
    public String url() {
        return SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String schema() {
        return schema;
    }

    /** A plain connection to this schema, for checks a test makes behind the store's back. */
    public Connection connect() throws SQLException {
        return connect(url());
    }

    private static Connection connect(String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "3");
        return DriverManager.getConnection(url, properties);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        try (Connection c = connect(SERVER_URL);
                Statement s = c.createStatement()) {
            // End the sessions still in this schema (a node's listener or leader connection) first.
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    + "AND application_name LIKE '%" + schema + "%'");
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test schema " + schema, e);
        }
    }
}
