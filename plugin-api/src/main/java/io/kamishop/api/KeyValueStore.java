package io.kamishop.api;

import java.util.Optional;

/**
 * A small persistent map that belongs to one plugin: remember a gateway's access token, the last
 * event id you processed, a counter. Stored in the store's database (encrypted at rest), so it
 * survives restarts and upgrades and is the same on every node. Dropped when the merchant
 * uninstalls the plugin with {@code purge}.
 *
 * <p>Keys are up to 200 characters, values up to 64 KiB of text; keep bulk data elsewhere. Every
 * call is one database round trip: cache in memory what you read on every request.
 */
public interface KeyValueStore {

    /** The value stored under {@code key}, or empty. */
    Optional<String> get(String key);

    /** Stores {@code value} under {@code key}, replacing any earlier value. */
    void put(String key, String value);

    /**
     * Stores {@code value} only if nothing is stored under {@code key} yet; atomic across threads
     * and nodes, so it can guard "do this once" work.
     *
     * @return whether this call stored it
     */
    boolean putIfAbsent(String key, String value);

    /** Removes {@code key}; nothing happens if it is not there. */
    void delete(String key);
}
