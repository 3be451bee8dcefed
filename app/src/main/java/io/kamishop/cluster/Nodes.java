package io.kamishop.cluster;

import io.kamishop.db.Database;
import io.kamishop.work.BackgroundWork;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes of the store as operators see them: each node writes a heartbeat row (version, start,
 * the duties it leads, its pool use, its change bus delay) and any node lists them all. On SQLite
 * there is one node, this one, and nothing is written.
 *
 * <p>Rows are for people, never for correctness: leadership itself stays with {@link Leadership}.
 * A node that stops removes its row; one that died stays listed as not alive until it has been
 * silent for a day.
 */
public final class Nodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Nodes.class);
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    /** Duties a node may lead; the first is what "leader" means on the admin page. */
    private static final List<String> DUTIES = List.of(Cluster.ORDER_EXPIRY);

    /**
     * One node, as the operator sees it: {@code leader} when it leads the order-expiry sweeper (all
     * duties it leads in {@code leads}), its connection pool, how long a change bus message took to come
     * back to it (null on SQLite or before the first probe), and whether it is the node answering.
     */
    public record Node(
            String id,
            String version,
            String host,
            Instant startedAt,
            Instant lastSeen,
            boolean alive,
            boolean leader,
            List<String> leads,
            Pool pool,
            @Nullable Long busLagMillis,
            boolean thisNode) {}

    /** Pooled database connections: busy, open, and the most the pool opens. */
    public record Pool(int active, int open, int max) {}

    private final Database database;
    private final ChangeBus bus;
    private final Sweepers sweepers;
    private final Clock clock;
    private final String id;
    private final String version;
    private final String host;
    private final Instant startedAt;
    private final boolean shared;
    private final BackgroundWork work;
    private volatile BackgroundWork.@Nullable Task heartbeat;
    private volatile Duration every = Duration.ofSeconds(5);

    Nodes(Database database, ChangeBus bus, Sweepers sweepers, String version, Clock clock, BackgroundWork work) {
        this.work = work;
        this.database = database;
        this.bus = bus;
        this.sweepers = sweepers;
        this.clock = clock;
        this.version = version;
        this.host = hostName();
        // A fresh id per start: a restarted node is a new node, and the old row fades out as not alive.
        this.id = host + "-" + HexFormat.of().formatHex(randomBytes(3));
        this.startedAt = clock.instant();
        this.shared = database.dialect().sharedByNodes();
    }

    /** Beats every {@code period} (the first at once) until closed. */
    public void start(Duration period) {
        this.every = period;
        if (shared) {
            heartbeat = work.every("heartbeat", Duration.ZERO, period, this::beat);
        }
    }

    public String id() {
        return id;
    }

    /** Every node heard from in the last day, this one included, oldest start first. */
    public List<Node> list() {
        if (!shared) {
            return List.of(self());
        }
        Instant now = clock.instant();
        // Three missed beats: the node stopped, crashed or lost the database.
        Instant aliveSince = now.minus(every.multipliedBy(3));
        return database.read(tx -> tx.dao(NodeDao.class).all()).stream()
                .map(row -> {
                    List<String> leads = row.leads().isEmpty()
                            ? List.of()
                            : Arrays.asList(row.leads().split(","));
                    boolean alive = !Instant.ofEpochMilli(row.lastSeen()).isBefore(aliveSince);
                    return new Node(
                            row.id(),
                            row.version(),
                            row.host(),
                            Instant.ofEpochMilli(row.startedAt()),
                            Instant.ofEpochMilli(row.lastSeen()),
                            alive,
                            alive && leads.contains(DUTIES.get(0)),
                            leads,
                            new Pool(row.poolActive(), row.poolOpen(), row.poolMax()),
                            row.busLagMs(),
                            row.id().equals(id));
                })
                .toList();
    }

    private Node self() {
        Database.PoolUse pool = database.poolUse();
        List<String> leads = leads();
        return new Node(
                id,
                version,
                host,
                startedAt,
                clock.instant(),
                true,
                leads.contains(DUTIES.get(0)),
                leads,
                new Pool(pool.active(), pool.open(), pool.max()),
                null,
                true);
    }

    private List<String> leads() {
        return DUTIES.stream().filter(sweepers::isLeading).toList();
    }

    void beat() {
        try {
            bus.probe();
            Database.PoolUse pool = database.poolUse();
            long now = clock.millis();
            Long lag = bus.lagMillis().isPresent() ? bus.lagMillis().getAsLong() : null;
            NodeDao.Beat beat = new NodeDao.Beat(
                    id,
                    version,
                    host,
                    startedAt.toEpochMilli(),
                    now,
                    String.join(",", leads()),
                    pool.active(),
                    pool.open(),
                    pool.max(),
                    lag);
            // Outside Database.write on purpose: a heartbeat changes nothing a cache holds, and a write
            // would bump Database.commits(), the version stamp of the public page cache.
            database.writeUncounted(tx -> {
                NodeDao nodes = tx.dao(NodeDao.class);
                nodes.beat(beat);
                nodes.forgetSilentSince(now - FORGET_AFTER.toMillis());
            });
        } catch (RuntimeException e) {
            LOG.debug("heartbeat not written (the database is away?): {}", e.toString());
        }
    }

    @Override
    public void close() {
        BackgroundWork.Task task = heartbeat;
        if (task != null) {
            task.stop(Duration.ofSeconds(5));
        }
        if (shared) {
            try {
                database.writeUncounted(tx -> tx.dao(NodeDao.class).leave(id));
            } catch (RuntimeException e) {
                LOG.debug("could not remove this node's row; it fades out as not alive: {}", e.toString());
            }
        }
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME"); // the pod name on Kubernetes
        if (fromEnv != null && fromEnv.matches("[A-Za-z0-9.-]{1,60}")) {
            return fromEnv;
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.matches("[A-Za-z0-9.-]{1,60}") ? name : "node";
        } catch (java.io.IOException e) {
            return "node";
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
