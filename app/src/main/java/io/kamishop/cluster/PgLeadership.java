package io.kamishop.cluster;

import io.kamishop.db.SqlFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership by PostgreSQL session advisory locks, one lock per duty, all held on one dedicated
 * connection. A session lock lives exactly as long as its session: when the node stops, crashes or
 * loses its network, PostgreSQL ends the session and the lock is free for the next node that asks.
 *
 * <p>Before each run a leader checks its connection with a round trip: if the session is gone, so
 * is the lock, and the node stops believing it leads. The lock key is derived from the store's
 * schema and the duty's name, so stores sharing a database do not block each other.
 */
public final class PgLeadership implements Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(PgLeadership.class);
    // Plain JDBC on the node's own session, not a pooled JDBI handle: advisory locks belong to the session that took
    // them.
    private static final String TRY_LOCK = SqlFiles.read(PgLeadership.class, "PgLeadership/tryLock.sql");
    private static final String UNLOCK_ALL = SqlFiles.read(PgLeadership.class, "PgLeadership/unlockAll.sql");

    private final String jdbcUrl;
    private final String schema;
    private final Set<String> held = new HashSet<>();
    private volatile Set<String> leading = Set.of();
    // This node's session: null until the first lead and after it broke.
    private @Nullable Connection connection;
    private boolean closed;

    public PgLeadership(String jdbcUrl, String schema) {
        this.jdbcUrl = jdbcUrl;
        this.schema = schema;
    }

    @Override
    public synchronized boolean lead(String duty) {
        if (closed) {
            return false;
        }
        try {
            Connection session = connection;
            if (session == null || !session.isValid(5)) {
                session = reconnect();
            }
            if (!held.contains(duty)) {
                try (PreparedStatement take = session.prepareStatement(TRY_LOCK)) {
                    take.setLong(1, lockKey(schema, duty));
                    try (ResultSet rs = take.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            held.add(duty);
                            LOG.info("this node now leads '{}'", duty);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("lost the leadership connection, giving up every duty until it is back: {}", e.toString());
            dropConnection();
        }
        leading = Set.copyOf(held);
        return held.contains(duty);
    }

    @Override
    public boolean isLeading(String duty) {
        return leading.contains(duty);
    }

    private Connection reconnect() throws SQLException {
        if (!held.isEmpty()) {
            LOG.warn("the leadership connection died; duties {} may already be led elsewhere", held);
        }
        dropConnection();
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", PgChangeBus.applicationName("kamishop leader", schema));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        Connection session = DriverManager.getConnection(jdbcUrl, properties);
        connection = session;
        session.setAutoCommit(true);
        return session;
    }

    private void dropConnection() {
        held.clear();
        leading = Set.of();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection; its session and locks are gone either way
            }
            connection = null;
        }
    }

    /** A stable 64-bit advisory lock key for a duty of the store in {@code schema}. */
    static long lockKey(String schema, String duty) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("kamishop leader|" + schema + "|" + duty).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        // Release explicitly and wait for the answer: a closed session frees its locks too, but only
        // once its backend has exited, which another node's try may beat.
        if (connection != null) {
            try (PreparedStatement release = connection.prepareStatement(UNLOCK_ALL)) {
                release.execute();
            } catch (SQLException e) {
                LOG.debug("could not release the duties before closing; the session end will: {}", e.toString());
            }
        }
        dropConnection();
    }
}
