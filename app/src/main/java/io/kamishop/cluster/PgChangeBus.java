package io.kamishop.cluster;

import io.kamishop.db.Database;
import io.kamishop.db.SqlFiles;
import io.kamishop.work.BackgroundWork;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change bus on PostgreSQL: NOTIFY to publish, LISTEN on one dedicated connection to hear.
 *
 * <p>NOTIFY runs inside the publisher's transaction, so PostgreSQL sends it exactly when the change
 * commits: no node can hear of a change it cannot read yet, and a rolled-back change is never
 * announced. A listener task owns its connection (a pooled one would be handed to someone else,
 * and the pool would not notice a LISTEN on it); when that connection breaks, the thread reconnects
 * with back-off and then tells every subscriber {@link #EVERYTHING}, for what it may have missed.
 *
 * <p>NOTIFY channels span the whole database, while a store lives in one schema of it: each message
 * carries the publisher's schema, and messages of other stores (other schemas, e.g. parallel tests)
 * are ignored.
 */
public final class PgChangeBus implements ChangeBus {

    private static final Logger LOG = LoggerFactory.getLogger(PgChangeBus.class);
    private static final int POLL_MILLIS = 250;
    private static final long PING_MILLIS = 5_000;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** Probes measure the bus's delay; each node hears only its own (the payload starts with its token). */
    static final String PROBES = "kamishop_bus_probe";
    /** Run on the listening connection, which is plain JDBC: the driver's notification API needs it, not a JDBI handle. */
    private static final String PING = SqlFiles.read(PgChangeBus.class, "PgChangeBus/ping.sql");

    private final Database database;
    private final String jdbcUrl;
    private final String scopePrefix;
    private final String applicationName;
    private final Subscribers subscribers = new Subscribers();
    private final BackgroundWork.Task listener;
    private final Object monitor = new Object();
    // Guarded by monitor: what the current listening connection has LISTENed to; null while down.
    private @Nullable Set<String> listening;
    private volatile boolean running = true;
    private final String probeToken = Long.toHexString(new java.security.SecureRandom().nextLong()) + "|";
    private volatile long lastLagMillis = -1;

    public PgChangeBus(Database database, String jdbcUrl, BackgroundWork work) {
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        String schema = database.read(tx -> tx.dao(ChangeBusDao.class).currentSchema());
        this.scopePrefix = schema + "|";
        this.applicationName = applicationName("kamishop change bus", schema);
        subscribers.add(PROBES, this::probeCameBack);
        this.listener = work.loop("change-bus", this::listen, this::stopListening);
        awaitListening(null, 10_000);
    }

    @Override
    public void publish(String channel, String payload) {
        ChangeBus.check(channel, payload);
        // Joins the caller's write transaction when there is one: sent at its commit, or never.
        database.write(tx -> tx.dao(ChangeBusDao.class).send(channel, scopePrefix + payload));
    }

    @Override
    public void subscribe(String channel, Consumer<String> listener) {
        ChangeBus.check(channel, "");
        subscribers.add(channel, listener);
        // Return once the listening connection hears this channel, so a change committed right after
        // subscribing is not missed. If the connection is down, the reconnect says EVERYTHING anyway.
        awaitListening(channel, 5_000);
    }

    @Override
    public void probe() {
        // A plain auto-committed statement, not a database write: a probe must not count as a change
        // (Database.commits() versions the page cache).
        database.writeUncounted(
                tx -> tx.dao(ChangeBusDao.class).send(PROBES, scopePrefix + probeToken + System.nanoTime()));
    }

    @Override
    public java.util.OptionalLong lagMillis() {
        long lag = lastLagMillis;
        return lag < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(lag);
    }

    private void probeCameBack(String payload) {
        if (payload.startsWith(probeToken)) {
            try {
                long sent = Long.parseLong(payload.substring(probeToken.length()));
                lastLagMillis = Math.max(0, (System.nanoTime() - sent) / 1_000_000);
            } catch (NumberFormatException ignored) {
                // not one of ours after all
            }
        }
    }

    /** Whether the listening connection is up and hears every subscribed channel (for health and tests). */
    public boolean isListening() {
        synchronized (monitor) {
            return listening != null && listening.containsAll(subscribers.channels());
        }
    }

    private void awaitListening(@Nullable String channel, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (monitor) {
            while (running && (listening == null || channel != null && !listening.contains(channel))) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    LOG.warn(
                            "the change bus is not listening yet{}; caches still refresh once it reconnects",
                            channel == null ? "" : " to " + channel);
                    return;
                }
                try {
                    monitor.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void listen() {
        long backoff = 100;
        boolean connectedBefore = false;
        while (running) {
            try (Connection c = openConnection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                Set<String> heard = new HashSet<>();
                listenToNewChannels(c, heard);
                if (connectedBefore) {
                    LOG.info("the change bus is listening again; dropping cached state that may be stale");
                    subscribers.deliverEverywhere(EVERYTHING);
                }
                connectedBefore = true;
                backoff = 100;
                long lastPing = System.currentTimeMillis();
                while (running) {
                    listenToNewChannels(c, heard);
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification);
                        }
                    }
                    if (System.currentTimeMillis() - lastPing > PING_MILLIS) {
                        // A half-open TCP connection raises nothing on its own; a round trip does.
                        try (Statement ping = c.createStatement()) {
                            ping.execute(PING);
                        }
                        lastPing = System.currentTimeMillis();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn(
                            "the change bus lost its PostgreSQL connection, reconnecting in {} ms: {}",
                            backoff,
                            e.toString());
                }
            } finally {
                synchronized (monitor) {
                    listening = null;
                }
            }
            if (running) {
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private Connection openConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        Connection c = DriverManager.getConnection(jdbcUrl, properties);
        c.setAutoCommit(true);
        return c;
    }

    private void listenToNewChannels(Connection c, Set<String> heard) throws SQLException {
        Set<String> wanted = new HashSet<>(subscribers.channels());
        wanted.removeAll(heard);
        for (String channel : wanted) {
            try (Statement statement = c.createStatement()) {
                // The name matched CHANNEL_NAME when it was subscribed: safe as a bare identifier. LISTEN
                // takes no parameter, so this one statement is built here, on the listening connection.
                statement.execute("LISTEN " + channel);
            }
            heard.add(channel);
        }
        synchronized (monitor) {
            listening = Set.copyOf(heard);
            monitor.notifyAll();
        }
    }

    private void dispatch(PGNotification notification) {
        String message = notification.getParameter();
        if (message == null || !message.startsWith(scopePrefix)) {
            return; // another store sharing this database
        }
        subscribers.deliver(notification.getName(), message.substring(scopePrefix.length()));
    }

    /** How the connection shows in pg_stat_activity: the operator sees which store's bus it is. */
    static String applicationName(String role, String schema) {
        String name = role + " " + schema;
        return name.length() <= 63 ? name : name.substring(0, 63);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopListening() {
        running = false;
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    @Override
    public void close() {
        listener.stop(java.time.Duration.ofMillis(POLL_MILLIS * 8L));
    }
}
