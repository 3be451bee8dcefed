package io.kamishop.cluster;

import io.kamishop.db.Database;

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

    private Cluster(ChangeBus bus, Sweepers sweepers) {
        this.bus = bus;
        this.sweepers = sweepers;
    }

    public static Cluster open(Database database, String jdbcUrl) {
        if (!database.dialect().sharedByNodes()) {
            return new Cluster(new LocalChangeBus(database), new Sweepers(Leadership.alone()));
        }
        String schema = database.read(h -> h.createQuery("SELECT current_schema()").mapTo(String.class).one());
        return new Cluster(new PgChangeBus(database, jdbcUrl), new Sweepers(new PgLeadership(jdbcUrl, schema)));
    }

    public ChangeBus bus() {
        return bus;
    }

    public Sweepers sweepers() {
        return sweepers;
    }

    @Override
    public void close() {
        sweepers.close();
        bus.close();
    }
}
