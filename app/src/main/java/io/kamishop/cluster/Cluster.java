package io.kamishop.cluster;

import io.kamishop.db.Database;
import io.kamishop.work.BackgroundWork;
import java.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * What a node needs to work next to other nodes of the same store: the change bus that keeps their
 * caches honest, and the sweepers that run on one node at a time. On SQLite (one node) both are the
 * trivial in-process kind, so features use the same calls whatever the database.
 */
public final class Cluster implements AutoCloseable {

    /** The duty of expiring unpaid orders whose hold ran out. */
    public static final String ORDER_EXPIRY = "order-expiry";

    private final ChangeBus bus;
    private final Sweepers sweepers;
    private final Nodes nodes;
    // Null where one node has the store (SQLite): no other node to tell.
    private final @Nullable NodeWrites writes;
    private final Database database;

    private Cluster(
            Database database, ChangeBus bus, Sweepers sweepers, String version, Clock clock, BackgroundWork work) {
        this.database = database;
        this.bus = bus;
        this.sweepers = sweepers;
        this.nodes = new Nodes(database, bus, sweepers, version, clock, work);
        this.writes = database.dialect().sharedByNodes() ? NodeWrites.announcing(database, bus, work) : null;
    }

    /**
     * The cluster of the store in {@code database}; this node runs {@code version} of Kamishop. Its
     * threads (change bus, sweeps, heartbeat) are tasks of {@code work}.
     */
    public static Cluster open(Database database, String jdbcUrl, String version, Clock clock, BackgroundWork work) {
        if (!database.dialect().sharedByNodes()) {
            return new Cluster(
                    database,
                    new LocalChangeBus(database),
                    new Sweepers(Leadership.alone(), work),
                    version,
                    clock,
                    work);
        }
        String schema = database.read(tx -> tx.dao(ChangeBusDao.class).currentSchema());
        return new Cluster(
                database,
                new PgChangeBus(database, jdbcUrl, work),
                new Sweepers(new PgLeadership(jdbcUrl, schema), work),
                version,
                clock,
                work);
    }

    public ChangeBus bus() {
        return bus;
    }

    public Sweepers sweepers() {
        return sweepers;
    }

    /**
     * A stamp that changes whenever anything a node may have cached from the database could have
     * changed: a commit on this node, or a write, setting or plugin change announced by another.
     */
    public long changeStamp() {
        return database.commits() + (writes == null ? 0 : writes.heard());
    }

    /** The store's nodes with their heartbeats (start it with {@link Nodes#start}). */
    public Nodes nodes() {
        return nodes;
    }

    @Override
    public void close() {
        nodes.close();
        if (writes != null) {
            writes.close();
        }
        sweepers.close();
        bus.close();
    }
}
