package io.kamishop.cluster;

/**
 * Which node runs a background duty (expiring orders, reconciling payments) right now. At most one
 * node leads a duty at a time; when it stops or dies, another takes the duty on its next try.
 *
 * <p>Leading is an efficiency rule, not a correctness one: every sweeper changes orders with
 * conditional updates, so two nodes sweeping in the brief moment of a hand-over still change each
 * order once.
 */
public interface Leadership extends AutoCloseable {

    /** Leads {@code duty} if this node does already or nobody does; false when another node leads it. */
    boolean lead(String duty);

    /** Whether this node led {@code duty} at its last {@link #lead} (no database round trip). */
    boolean isLeading(String duty);

    /** Gives up every duty, so another node takes them over at once. */
    @Override
    void close();

    /** One node only (SQLite): it always leads. */
    static Leadership alone() {
        return new Leadership() {
            @Override
            public boolean lead(String duty) {
                return true;
            }

            @Override
            public boolean isLeading(String duty) {
                return true;
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }
}
