package io.kamishop.cluster;

import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * "Something changed" signals between the nodes of one store, so each can drop what it cached.
 *
 * <p>A message is a channel name and a short payload (which setting, which plugin). Published inside
 * a {@link io.kamishop.db.Database#write} it is sent only if that transaction commits, and only then;
 * every node's subscribers of the channel hear it, the publishing node's too, usually within
 * milliseconds. Delivery is at least once: a node whose listening connection broke hears
 * {@link #EVERYTHING} once it is back, because it may have missed messages meanwhile. So a
 * subscriber must be idempotent and cheap: drop a cache entry, re-read a row, nothing more.
 *
 * <p>On PostgreSQL this is LISTEN/NOTIFY; on SQLite, which has one node, it is an in-process bus.
 */
public interface ChangeBus extends AutoCloseable {

    /** Settings of one scope changed (the store's, the mail's, a plugin's...); the payload is the scope's name. */
    String SETTINGS = "kamishop_settings";
    /** A feature flag changed or was deleted; the payload is its key. */
    String FLAGS = "kamishop_flags";
    /** The payload that means "anything on this channel may have changed; drop it all". */
    String EVERYTHING = "*";

    /** Lower-case letters, digits and underscores: valid as a PostgreSQL LISTEN identifier unquoted. */
    Pattern CHANNEL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; leave room for the store scope. */
    int MAX_PAYLOAD_CHARS = 1000;

    /** Tells every node that something on {@code channel} changed; after commit when inside a write. */
    void publish(String channel, String payload);

    /** Calls {@code listener} with the payload of every message on {@code channel}, from any node. */
    void subscribe(String channel, Consumer<String> listener);

    /**
     * Sends a probe through the bus (outside any write: it changes nothing) so that
     * {@link #lagMillis()} tells how long a message takes to come back. Nothing on a one-node bus.
     */
    default void probe() {}

    /** How long the last probe took from publish to delivery on this node; empty on a one-node bus or before one came back. */
    default java.util.OptionalLong lagMillis() {
        return java.util.OptionalLong.empty();
    }

    @Override
    void close();

    static void check(String channel, String payload) {
        if (channel == null || !CHANNEL_NAME.matcher(channel).matches()) {
            throw new IllegalArgumentException("a channel name is lower-case letters, digits and _, got " + channel);
        }
        if (payload == null || payload.length() > MAX_PAYLOAD_CHARS) {
            throw new IllegalArgumentException(
                    "a change payload is a short non-null text (at most " + MAX_PAYLOAD_CHARS + " chars)");
        }
    }
}
